import { Unprocessable } from '../errors.ts';

export type RefusalReason = 'network_policy' | 'app_database' | 'insecure_auth';

/**
 * AskDB itself refused to connect or to log in: the address is outside the network policy, the
 * target is AskDB's own database, or the server asked for the password in a form we do not send.
 * A 422 wherever it surfaces; its message names the rule.
 */
export class TargetRefused extends Unprocessable {
  constructor(
    readonly reason: RefusalReason,
    message: string,
  ) {
    super(message, { reason });
  }
}
