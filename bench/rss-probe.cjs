// Preloaded into a measured process: writes its peak resident set size (KiB) to the file named by TETRA_RSS_FILE.
const fs = require('node:fs');
process.on('exit', () => {
  if (process.env.TETRA_RSS_FILE) fs.writeFileSync(process.env.TETRA_RSS_FILE, String(process.resourceUsage().maxRSS));
});
