import { useState, type FormEvent } from 'react';
import type { BackgroundApi, ErrorInfo } from '@/lib/messaging';
import { DEFAULT_PROXY_URL } from '@/lib/settings';

/** Turns a pairing failure into a sentence the user can act on. */
export function pairErrorText(error: ErrorInfo, proxyUrl: string): string {
  switch (error.code) {
    case 'invalid_pairing_code':
      return 'That pairing code is not valid. Codes work once and expire; ask for a new one (npm run pair).';
    case 'unreachable':
      return `Cannot reach the LedgerLens server at ${proxyUrl}. Check the address and that the server is running.`;
    case 'invalid_request':
      return 'Enter the pairing code exactly as it was given to you.';
    default:
      return error.message;
  }
}

export function PairForm({
  api,
  onPaired,
  requestHostPermission,
}: {
  api: Pick<BackgroundApi, 'pair'>;
  onPaired: () => void;
  /** Asks for access to a non-loopback server; must run inside the click (a user gesture). */
  requestHostPermission?: (origin: string) => Promise<boolean>;
}) {
  const [proxyUrl, setProxyUrl] = useState(DEFAULT_PROXY_URL);
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    if (!code.trim()) {
      setError('Enter the pairing code.');
      return;
    }
    const origin = safeOrigin(proxyUrl);
    if (origin && requestHostPermission && !/^http:\/\/(127\.0\.0\.1|localhost)(:\d+)?$/.test(origin)) {
      if (!(await requestHostPermission(origin))) {
        setError(`LedgerLens needs permission to talk to ${origin}.`);
        return;
      }
    }
    setBusy(true);
    try {
      const result = await api.pair({ proxyUrl, code });
      if (result.ok) onPaired();
      else setError(pairErrorText(result.error, proxyUrl));
    } catch {
      setError('LedgerLens could not start pairing. Close and reopen this window, then try again.');
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="ll-pair" onSubmit={submit} noValidate>
      <p>Pair this browser with your LedgerLens server.</p>
      <label>
        Server address
        <input
          data-testid="proxy-url"
          type="url"
          value={proxyUrl}
          onChange={(e) => setProxyUrl(e.target.value)}
          autoComplete="url"
          spellCheck={false}
        />
      </label>
      <label>
        Pairing code
        <input
          data-testid="pair-code"
          value={code}
          onChange={(e) => setCode(e.target.value)}
          autoComplete="one-time-code"
          spellCheck={false}
        />
      </label>
      <button data-testid="pair-submit" type="submit" disabled={busy}>
        {busy ? 'Pairing…' : 'Pair'}
      </button>
      {error && (
        <p role="alert" className="ll-error" data-testid="pair-error">
          {error}
        </p>
      )}
    </form>
  );
}

function safeOrigin(input: string): string | null {
  try {
    return new URL(input.trim()).origin;
  } catch {
    return null;
  }
}
