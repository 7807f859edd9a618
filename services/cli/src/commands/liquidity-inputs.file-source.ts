import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { PayoutError } from '@payout/domain';
import { parseLiquidityInputs, type LiquidityInputsSource } from '@payout/ledger';

/**
 * Liquidity inputs from a JSON file (amounts as strings of minor units; see
 * fixtures/liquidity-inputs.example.json). Stands in for the Postgres source until the ledger
 * store and the payouts tables feed the plan directly.
 */
export function jsonFileLiquidityInputsSource(path: string): LiquidityInputsSource {
  const full = resolve(path);
  return {
    description: `file ${full}`,
    async load() {
      let text: string;
      try {
        text = await readFile(full, 'utf8');
      } catch (cause) {
        throw new PayoutError('PAYOUT_E_NOT_FOUND', `cannot read liquidity inputs ${full}`, { path: full }, { cause });
      }
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch (cause) {
        throw new PayoutError('PAYOUT_E_VALIDATION', `liquidity inputs ${full} are not valid JSON`, { path: full }, { cause });
      }
      return parseLiquidityInputs(json);
    },
  };
}
