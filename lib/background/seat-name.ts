/** A name the workspace owner recognises in the seat list, e.g. "Chrome on Linux". */
export function seatName(
  nav: { userAgent: string; platform?: string; userAgentData?: { platform?: string } } = navigator as never,
  browserName = import.meta.env.FIREFOX ? 'Firefox' : 'Chrome',
): string {
  const platform = `${nav.userAgentData?.platform ?? ''} ${nav.platform ?? ''} ${nav.userAgent}`;
  const os = /CrOS/i.test(platform)
    ? 'ChromeOS'
    : /Android/i.test(platform)
      ? 'Android'
      : /Linux/i.test(platform)
        ? 'Linux'
        : /Mac/i.test(platform)
          ? 'macOS'
          : /Win/i.test(platform)
            ? 'Windows'
            : 'this computer';
  return `${browserName} on ${os}`;
}
