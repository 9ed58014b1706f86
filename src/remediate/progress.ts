// Progress for a person watching a console. Intune and RMMs capture stderr and treat any output there as a
// script error, so nothing is written unless stderr is a terminal.
export interface Progress {
  update(text: string): void;
  done(): void;
}

export function terminalProgress(stream: NodeJS.WriteStream = process.stderr): Progress {
  if (stream.isTTY !== true) return { update: () => undefined, done: () => undefined };
  let shown = false;
  return {
    update: (text) => {
      shown = true;
      stream.write(`\r\x1b[2Ktetra-doctor: ${text}`);
    },
    done: () => {
      if (shown) stream.write('\r\x1b[2K');
    },
  };
}
