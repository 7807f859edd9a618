/**
 * Recent success rate per channel: successes / definitive results over the last `window`
 * results, with one imagined success and one imagined failure (Laplace) so a channel with
 * no history starts at 0.5 rather than at an extreme — but an untested channel is treated
 * as good (1.0) so new channels get traffic.
 */
export class SuccessRateTracker {
  private readonly window: number;
  private readonly results = new Map<string, boolean[]>();

  constructor(window = 200) {
    this.window = window;
  }

  record(channelId: string, success: boolean): void {
    const list = this.results.get(channelId) ?? [];
    list.push(success);
    if (list.length > this.window) list.splice(0, list.length - this.window);
    this.results.set(channelId, list);
  }

  rate(channelId: string): number {
    const list = this.results.get(channelId);
    if (list === undefined || list.length === 0) return 1;
    const ok = list.filter(Boolean).length;
    return (ok + 1) / (list.length + 2);
  }

  counts(channelId: string): { readonly successes: number; readonly total: number } {
    const list = this.results.get(channelId) ?? [];
    return { successes: list.filter(Boolean).length, total: list.length };
  }
}
