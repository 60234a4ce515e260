// A Mailpit of the test's own (the binary of .tools/bin, flags as internal/testservers/mailpit):
// plain SMTP without auth on one free loopback port, its HTTP API on another, the database in a
// temporary folder. The on-call specs page people by email through it and read the pages back.
import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

import { APIRequestContext } from '@playwright/test';

export interface Mailpit {
  smtpHost: string;
  smtpPort: number;
  apiURL: string;
  stop: () => Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

export async function startMailpit(): Promise<Mailpit> {
  const bin = path.join(__dirname, '../../../.tools/bin/mailpit');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'warroom-mailpit-'));
  const [smtpPort, httpPort] = [await freePort(), await freePort()];
  const child: ChildProcess = spawn(
    bin,
    [
      '--smtp',
      `127.0.0.1:${smtpPort}`,
      '--listen',
      `127.0.0.1:${httpPort}`,
      '--database',
      path.join(dir, 'mailpit.db'),
      '--disable-version-check',
      '--smtp-disable-rdns',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] }
  );
  let output = '';
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  const apiURL = `http://127.0.0.1:${httpPort}`;
  const stop = () =>
    new Promise<void>((resolve) => {
      const done = () => {
        rmSync(dir, { recursive: true, force: true });
        resolve();
      };
      if (child.exitCode !== null) {
        return done();
      }
      child.once('exit', done);
      child.kill('SIGTERM');
    });
  // Ready once its API answers.
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) {
      throw new Error(`mailpit exited (${child.exitCode}):\n${output}`);
    }
    try {
      const res = await fetch(`${apiURL}/api/v1/messages`);
      if (res.ok) {
        return { smtpHost: '127.0.0.1', smtpPort, apiURL, stop };
      }
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  await stop();
  throw new Error(`mailpit did not start:\n${output}`);
}

interface Summary {
  ID: string;
  To: Array<{ Address: string }>;
  Subject: string;
}

/** The text of the newest message to `address`, or undefined while there is none. */
export async function lastMessageTo(
  request: APIRequestContext,
  mailpit: Mailpit,
  address: string
): Promise<{ subject: string; text: string } | undefined> {
  const list = (await (await request.get(`${mailpit.apiURL}/api/v1/messages`)).json()) as { messages: Summary[] };
  const found = list.messages.find((m) => m.To.some((t) => t.Address === address));
  if (!found) {
    return undefined;
  }
  const message = (await (await request.get(`${mailpit.apiURL}/api/v1/message/${found.ID}`)).json()) as {
    Text: string;
  };
  return { subject: found.Subject, text: message.Text };
}
