// The least any reader of NDJSON inputs must do: every line of every file read and given to JSON.parse, nothing
// kept. bench/fleet.ts runs it beside the fleet join as the baseline its time is a ratio of. Its files are ASCII,
// so reading them as Latin-1 is reading them as UTF-8, without the decoder.
const { createReadStream } = require('node:fs');

async function main(files) {
  let values = 0;
  for (const file of files) {
    let partial = '';
    for await (const chunk of createReadStream(file, { highWaterMark: 960 * 1024, encoding: 'latin1' })) {
      let start = 0;
      for (let nl = chunk.indexOf('\n'); nl >= 0; nl = chunk.indexOf('\n', start)) {
        if (JSON.parse(partial + chunk.slice(start, nl)) !== null) values++;
        partial = '';
        start = nl + 1;
      }
      partial += chunk.slice(start);
    }
  }
  process.stdout.write(`${values}\n`);
}

void main(process.argv.slice(2));
