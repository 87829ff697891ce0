// Separation of duties on outcome decisions: nobody decides on an outcome they claimed, one a
// person reporting to them claimed (anywhere below them in users.manager_id), or one claimed by
// someone above them in their own reporting line. Pure: the caller loads the two lines once.

export interface ReportingLine {
  userId: string;
  /** The decider's managers, nearest first. */
  managers: readonly string[];
  /** Everyone below the decider. */
  reports: readonly string[];
}

/** Why this decider may not decide on this claimant's outcome, or null when they may. */
export function separationProblem(line: ReportingLine, claimantId: string): string | null {
  if (claimantId === line.userId) return 'You claimed this outcome; someone else must decide on it';
  if (line.reports.includes(claimantId)) return 'The claimant reports to you; someone outside their reporting line must decide on it';
  if (line.managers.includes(claimantId)) return 'The claimant is in your reporting line above you; someone outside it must decide on it';
  return null;
}
