import { PromptCancelledError, UsageError } from './errors';
import { CliIo } from './io';

/**
 * Asks on the terminal, like `helm registry login` and `docker login`:
 * `question` on stderr (stdout stays clean for `--json`), the answer typed
 * on stdin up to Enter. With `hidden` nothing is echoed (a password).
 * Backspace deletes; Ctrl-C or Ctrl-D on an empty line cancels.
 *
 * @throws UsageError when stdin is not a terminal (nothing to prompt on)
 * @throws PromptCancelledError on Ctrl-C / Ctrl-D
 */
export async function prompt(io: CliIo, question: string, options: { hidden: boolean }): Promise<string> {
  const stdin = io.stdin;
  if (!stdin.isTTY || typeof stdin.setRawMode !== 'function') {
    throw new UsageError(`cannot ask '${question.trim()}': stdin is not a terminal`);
  }
  const setRawMode = stdin.setRawMode.bind(stdin);
  io.stderr.write(question);
  setRawMode(true);
  stdin.resume();
  let answer = '';
  try {
    answer = await new Promise<string>((done, fail) => {
      let typed = '';
      const onData = (chunk: Buffer | string) => {
        for (const ch of chunk.toString()) {
          if (ch === '\r' || ch === '\n') return finish(() => done(typed));
          if (ch === '\u0003' || (ch === '\u0004' && typed === '')) return finish(() => fail(new PromptCancelledError()));
          if (ch === '\u007f' || ch === '\b') {
            if (typed !== '' && !options.hidden) io.stderr.write('\b \b');
            typed = [...typed].slice(0, -1).join('');
          } else if (ch >= ' ') {
            typed += ch;
            if (!options.hidden) io.stderr.write(ch);
          }
        }
      };
      const onEnd = () => finish(() => fail(new PromptCancelledError()));
      const finish = (settle: () => void) => {
        stdin.removeListener('data', onData);
        stdin.removeListener('end', onEnd);
        settle();
      };
      stdin.on('data', onData);
      stdin.on('end', onEnd);
    });
  } finally {
    setRawMode(false);
    stdin.pause();
    io.stderr.write('\n');
  }
  return answer;
}
