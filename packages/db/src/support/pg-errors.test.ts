import { describe, expect, it } from 'vitest';
import { isDbUnavailable } from './pg-errors.ts';

const withCode = (message: string, code: string): Error => Object.assign(new Error(message), { code });

describe('isDbUnavailable', () => {
  it('says yes to what a restart, a failover or a refused connection looks like', () => {
    expect(isDbUnavailable(withCode('terminating connection due to unexpected postmaster exit', '57P01'))).toBe(true);
    expect(isDbUnavailable(withCode('the database system is starting up', '57P03'))).toBe(true);
    expect(isDbUnavailable(withCode('connection failure', '08006'))).toBe(true);
    expect(isDbUnavailable(withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED'))).toBe(true);
    expect(isDbUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isDbUnavailable(new Error('timeout exceeded when trying to connect'))).toBe(true);
    expect(isDbUnavailable(new AggregateError([withCode('refused', 'ECONNREFUSED')], 'all refused'))).toBe(true);
  });

  it('says no to errors the rows or the code caused', () => {
    expect(isDbUnavailable(withCode('duplicate key value violates unique constraint', '23505'))).toBe(false);
    expect(isDbUnavailable(withCode('deadlock detected', '40P01'))).toBe(false);
    expect(isDbUnavailable(new TypeError('x is undefined'))).toBe(false);
    expect(isDbUnavailable('Connection terminated')).toBe(false);
  });
});
