/**
 * Drives one stack (the dev stack, or a scratch one given by its environment) the way an operator
 * would: signals to processes, `stack/stop.sh` for a component, `make up` to bring back whatever
 * is not running. The fault suite's only way to touch the stack.
 */
import { Admin } from '@platformatic/kafka';
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';

const exec = promisify(execFile);

export type ServiceName = 'receiver' | 'processor' | 'converter' | 'informer';
export const SERVICES: readonly ServiceName[] = ['receiver', 'processor', 'converter', 'informer'];

/** Where a stack is: the variables of stack/env.sh that differ from their defaults. */
export interface StackEnv {
  [name: string]: string | undefined;
}

export class StackControl {
  readonly root: string;
  readonly env: NodeJS.ProcessEnv;

  constructor(root: string, env: StackEnv = {}) {
    this.root = root;
    this.env = { ...process.env, ...env };
  }

  private get(name: string, def: string): string {
    return this.env[name] || def;
  }

  get host(): string { return this.get('STACK_HOST', '127.0.0.1'); }
  get runDir(): string { return `${this.get('STACK_DIR', `${this.root}.stack`)}/run`; }
  get kafkaNodes(): number { return Number(this.get('KAFKA_NODES', '1')); }
  get brokers(): string[] {
    const base = Number(this.get('KAFKA_PORT', '9092'));
    return Array.from({ length: this.kafkaNodes }, (_, i) => `${this.host}:${base + i}`);
  }
  url(portVar: string, def: number): string {
    return `http://${this.host}:${this.get(portVar, String(def))}`;
  }
  get postgresUrl(): string {
    const u = encodeURIComponent(this.get('POSTGRES_USER', 'postgres'));
    const p = encodeURIComponent(this.get('POSTGRES_PASSWORD', 'password'));
    return `postgres://${u}:${p}@${this.host}:${this.get('POSTGRES_PORT', '5432')}/${this.get('POSTGRES_DB', 'postgres')}`;
  }

  pidOf(component: string): number {
    const file = `${this.runDir}/${component}.pid`;
    if (!existsSync(file)) throw new Error(`${component} is not running (no ${file})`);
    return Number(readFileSync(file, 'utf8').trim());
  }

  /** Every running service process, as stack component names (`svc-receiver-0`, ...). */
  serviceComponents(): string[] {
    return readdirSync(this.runDir).filter((f) => f.startsWith('svc-') && f.endsWith('.pid')).map((f) => f.slice(0, -4));
  }

  /** Signals a component's process group (a JVM's children too) and waits until it is gone. */
  async signal(component: string, sig: NodeJS.Signals, timeoutMs = 30_000): Promise<void> {
    const pid = this.pidOf(component);
    try { process.kill(-pid, sig); } catch { process.kill(pid, sig); }
    const deadline = Date.now() + timeoutMs;
    while (isAlive(pid)) {
      if (Date.now() > deadline) throw new Error(`${component} (pid ${pid}) still alive ${timeoutMs} ms after ${sig}`);
      await sleep(50);
    }
  }

  /** Graceful stop through the stack's own stop path (pid file removed, data kept). */
  async stop(component: 'postgres' | 'kafka' | 'clickhouse' | 'connect' | 'prometheus' | 'services'): Promise<void> {
    await exec('bash', ['stack/stop.sh', component], { cwd: this.root, env: this.env, timeout: 120_000 });
  }

  /** `make up`: starts whatever is not running and waits until everything is ready again. */
  async up(timeoutMs = 600_000): Promise<void> {
    await exec('bash', ['stack/up.sh'], { cwd: this.root, env: this.env, timeout: timeoutMs, maxBuffer: 1 << 24 });
  }

  /** The node id leading `topic`'s `partition`: node n is the stack's component `kafka-n`. */
  async leaderOf(topic: string, partition: number): Promise<number> {
    const admin = new Admin({ clientId: 'conveyor-faults', bootstrapBrokers: this.brokers });
    try {
      const md = await admin.metadata({ topics: [topic], forceUpdate: true });
      const leader = md.topics.get(topic)?.partitions[partition]?.leader;
      if (leader === undefined || leader < 0) throw new Error(`${topic}-${partition} has no leader`);
      return leader;
    } finally {
      await admin.close();
    }
  }
}

export function isAlive(pid: number): boolean {
  try { process.kill(pid, 0); return true; } catch { return false; }
}
