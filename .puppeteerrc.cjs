// Puppeteer must never download a browser here: tests use Debian's Chromium (/usr/bin/chromium, see README).
module.exports = { skipDownload: true };
