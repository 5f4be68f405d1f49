// The benchmark users' sessions (10 §3.1): one login each at the start with forceLogin=yes (not measured), kept
// for the whole run in header mode; an unexpected 401 logs the user in again.

export class LoginError extends Error {}

export type SessionUser = {
  login: string;
  /** X-egain-session of the current session. */
  session: string;
  relogging?: Promise<void>;
};

export async function login(baseUrl: string, loginId: string, password: string): Promise<string> {
  let res: Response;
  try {
    res = await fetch(`${baseUrl}/system/ws/v12/authentication/user/login?forceLogin=yes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ userName: loginId, password }),
      signal: AbortSignal.timeout(30_000),
    });
  } catch (err) {
    throw new LoginError(`login of ${loginId} at ${baseUrl}: ${(err as Error).message} (is the server running?)`);
  }
  const session = res.headers.get('x-egain-session');
  if (res.status !== 204 || !session) throw new LoginError(`login of ${loginId} failed: ${res.status} ${await res.text()}`);
  return session;
}

export async function logout(baseUrl: string, session: string): Promise<void> {
  try {
    await fetch(`${baseUrl}/system/ws/v12/authentication/user/logout`, { method: 'DELETE', headers: { 'x-egain-session': session }, signal: AbortSignal.timeout(10_000) });
  } catch {
    // the run is over; a session left behind expires by itself
  }
}

/** Logs the user in again once, however many 401s arrive meanwhile. */
export function relogin(baseUrl: string, user: SessionUser, password: string, onError: (err: Error) => void): void {
  if (user.relogging) return;
  user.relogging = login(baseUrl, user.login, password)
    .then((session) => {
      user.session = session;
    })
    .catch((err: Error) => onError(err))
    .finally(() => {
      user.relogging = undefined;
    });
}
