import { ISO_REASON_CODES } from './iso-reason-codes.ts';
import { NACHA_RETURN_CODES } from './nacha-return-codes.ts';
import { classPermitsNewAttempt, type ReasonInfo } from './reason-class.ts';

/**
 * Classify a reject/return reason code (ISO 20022 or Nacha). Matching is exact and
 * case-sensitive as published; nothing is trimmed. A missing or unrecognised code gives class
 * 'unrecognised' with permitsNewAttempt false: not knowing why is never a reason to resend.
 */
export function classifyReason(code: string | undefined): ReasonInfo {
  if (typeof code !== 'string') {
    return { code: '', class: 'unrecognised', permitsNewAttempt: false, description: 'No reason code given' };
  }
  const known = ISO_REASON_CODES.get(code) ?? NACHA_RETURN_CODES.get(code);
  if (known === undefined) {
    return {
      code,
      class: 'unrecognised',
      permitsNewAttempt: false,
      description: 'Reason code not recognised; a person must decide',
    };
  }
  return { code, class: known.class, permitsNewAttempt: classPermitsNewAttempt(known.class), description: known.description };
}
