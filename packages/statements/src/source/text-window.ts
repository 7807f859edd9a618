/**
 * The recent stretch of a character stream, addressed by absolute offsets, so a streaming
 * parser can cut out an entry's original text after it has seen the entry's end. Callers
 * discard what they no longer need; memory stays bounded by the longest entry.
 */
export class TextWindow {
  private base = 0;
  private buf = '';

  append(chunk: string): void {
    this.buf = this.buf.length === 0 ? chunk : this.buf + chunk;
  }

  /** Text between absolute offsets; both must still be inside the window. */
  slice(from: number, to: number): string {
    return this.buf.slice(from - this.base, to - this.base);
  }

  /** Forget everything before `position`. */
  discardBefore(position: number): void {
    if (position <= this.base) return;
    this.buf = this.buf.slice(position - this.base);
    this.base = position;
  }
}
