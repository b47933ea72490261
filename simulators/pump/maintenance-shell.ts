import crypto from 'node:crypto';
import { isPumplabError } from '../../core/errors.ts';
import type { WifiConfig } from './local-store.ts';
import { copyUserField } from './login-field.ts';
import type { HistoryEntry } from './store-codec.ts';

/** What the shell can reach inside the pump. */
export interface ShellHooks {
  history(): readonly HistoryEntry[];
  config(): { serial: string; model: string; firmware: string; careArea: string; wifi: WifiConfig };
  /** Changes the running rate, mL/h; throws a PumplabError when the pump cannot. */
  setRate(rate: number): void;
}

/** The shell's answer to one line, and what the service should note about it. */
export interface ShellReply {
  lines: string[];
  close?: boolean;
  /** `overflow`: a session authenticated by the parser flaw, without valid credentials. */
  login?: 'ok' | 'failed' | 'overflow';
  /** The verb run (for the log; never its arguments, which may be a password). */
  command?: string;
  /** Entries disclosed, or the rate set, for the log (counts, never patient data). */
  note?: Record<string, number>;
}

const helpBeforeLogin = ['login <user> <password>', 'help', 'quit'];
const helpAfterLogin = ['history', 'config', 'set-rate <mL/h>', 'help', 'quit'];
const ratePattern = /^\d{1,4}(\.\d{1,3})?$/;

/**
 * One maintenance session's command interpreter, the kind of service legacy pumps left open
 * (ICSA-15-125-01B root Telnet; ICSMA-17-250-02A hard-coded credentials, CVE-2017-12724). Once
 * logged in it discloses history and the Wi-Fi key and changes the rate with no library check
 * (CVE-2021-33882 pattern). Replies end with a line starting `OK` or `ERR`; input is never echoed.
 *
 * On firmware with the `vulnerableParser` trait, `login` copies its user field unbounded into a
 * 64-byte buffer (login-field.ts, CVE-2017-12718 pattern): the exploit is a user field of 65 or
 * more non-zero bytes and any password (login-field.ts `parserExploitLine`: `login`, 65 `A`s,
 * `x`), answered `OK logged in as ` and 64 `A`s, and the session has a shell without credentials.
 * Fixed firmware answers `ERR input too long` (and counts a failed login).
 */
export class MaintenanceShell {
  private authenticated = false;

  constructor(
    private readonly credentials: { user: string; password: string },
    private readonly hooks: ShellHooks,
    /** Asked at each login: the running firmware carries the parser flaw (a firmware update fixes it). */
    private readonly vulnerableParser: () => boolean = () => false,
  ) {}

  handle(line: string): ShellReply {
    const [verb = '', ...args] = line.trim().split(/\s+/);
    const command = verb.toLowerCase();
    if (command === '') return { lines: [] };
    if (command === 'quit' || command === 'exit') return { lines: ['OK bye'], close: true, command: 'quit' };
    if (command === 'help') {
      return { lines: [...(this.authenticated ? helpAfterLogin : helpBeforeLogin), 'OK'], command };
    }
    if (command === 'login') return this.login(args);
    if (!this.authenticated) return { lines: ['ERR login required'], command: 'denied' };
    if (command === 'history') return this.history();
    if (command === 'config') return this.config();
    if (command === 'set-rate') return this.setRate(args[0] ?? '');
    return { lines: ['ERR unknown command'], command: 'unknown' };
  }

  private login(args: string[]): ShellReply {
    const [user = '', password = ''] = args;
    const copied = copyUserField(user, this.vulnerableParser());
    if (copied.kind === 'too-long') {
      this.authenticated = false;
      return {
        lines: ['ERR input too long'],
        login: 'failed',
        command: 'login',
        note: { bytes: copied.bytes },
      };
    }
    const ok = sameSecret(user, this.credentials.user) && sameSecret(password, this.credentials.password);
    // The overflow wrote the flag before the check ran, and a failed check never clears it.
    if (!ok && copied.kind === 'overflowed' && copied.flagSet) {
      this.authenticated = true;
      return {
        lines: [`OK logged in as ${copied.shown}`],
        login: 'overflow',
        command: 'login',
        note: { overflowBytes: copied.overflowBytes },
      };
    }
    this.authenticated = ok;
    return ok
      ? { lines: [`OK logged in as ${this.credentials.user}`], login: 'ok', command: 'login' }
      : { lines: ['ERR login incorrect'], login: 'failed', command: 'login' };
  }

  private history(): ShellReply {
    const entries = this.hooks.history();
    const lines = entries.map((entry) => JSON.stringify(entry));
    return {
      lines: [...lines, `OK ${entries.length} entries`],
      command: 'history',
      note: { entries: entries.length },
    };
  }

  private config(): ShellReply {
    const { serial, model, firmware, careArea, wifi } = this.hooks.config();
    const lines = [`serial=${serial}`, `model=${model}`, `firmware=${firmware}`, `care-area=${careArea}`];
    return { lines: [...lines, `wifi.ssid=${wifi.ssid}`, `wifi.psk=${wifi.psk}`, 'OK'], command: 'config' };
  }

  private setRate(argument: string): ShellReply {
    if (!ratePattern.test(argument))
      return { lines: ['ERR rate must be a number of mL/h'], command: 'set-rate' };
    const rate = Number(argument);
    try {
      this.hooks.setRate(rate);
    } catch (error) {
      if (!isPumplabError(error)) throw error;
      return { lines: [`ERR ${error.code}`], command: 'set-rate' };
    }
    return { lines: [`OK rate ${rate} mL/h`], command: 'set-rate', note: { rate } };
  }
}

/** Compares secrets in constant time (hashing first makes the lengths equal). */
function sameSecret(given: string, expected: string): boolean {
  const digest = (text: string): Buffer => crypto.createHash('sha256').update(text, 'utf8').digest();
  return crypto.timingSafeEqual(digest(given), digest(expected));
}
