// The runtime settings of 07 §16. Their effective value is: stored through the API > ECE_SETTING_<NAME> > default.
// The environment layer is validated at start with the other variables; the stored layer comes with the
// administration settings resource.
export type SettingDefinition = {
  name: string;
  defaultValue: number;
  minimum: number;
  maximum: number;
  description: string;
};

export const settingsCatalogue: readonly SettingDefinition[] = [
  { name: 'sessionIdleTimeoutMinutes', defaultValue: 30, minimum: 5, maximum: 1440, description: 'Minutes of inactivity after which a session expires' },
  { name: 'sessionMaxLifetimeMinutes', defaultValue: 720, minimum: 30, maximum: 10080, description: 'Minutes after login at which a session expires' },
  { name: 'maxSessionsPerUser', defaultValue: 5, minimum: 1, maximum: 50, description: 'Live sessions per staff user or customer contact person' },
  { name: 'maxSessionsPerClientApplication', defaultValue: 10, minimum: 1, maximum: 100, description: 'Live Bearer tokens per client application' },
  { name: 'loginLockoutThreshold', defaultValue: 5, minimum: 0, maximum: 100, description: 'Failed logins before lockout (0 = never lock)' },
  { name: 'loginLockoutMinutes', defaultValue: 15, minimum: 1, maximum: 1440, description: 'Failure-counting window and lock duration' },
  { name: 'kbAttachmentMaxBytes', defaultValue: 26214400, minimum: 1024, maximum: 26214400, description: 'Largest knowledge attachment in bytes' },
  { name: 'alarmEvaluationIntervalSeconds', defaultValue: 60, minimum: 10, maximum: 3600, description: 'Seconds between alarm workflow evaluations' },
  { name: 'chatAssignmentSweepSeconds', defaultValue: 5, minimum: 1, maximum: 300, description: 'Seconds between chat assignment sweeps' },
  { name: 'webhookTimeoutSeconds', defaultValue: 5, minimum: 1, maximum: 30, description: 'Timeout of one webhook delivery' },
  { name: 'webhookMaxAttempts', defaultValue: 8, minimum: 1, maximum: 20, description: 'Delivery attempts per webhook event' },
  { name: 'webhookRetryBaseMillis', defaultValue: 1000, minimum: 10, maximum: 60000, description: 'Base delay of webhook retries' },
  { name: 'webhookDeactivateAfterFailures', defaultValue: 20, minimum: 1, maximum: 1000, description: 'Consecutive failures after which a webhook is deactivated' },
];

/** `sessionIdleTimeoutMinutes` → `ECE_SETTING_SESSION_IDLE_TIMEOUT_MINUTES` */
export function settingEnvName(name: string): string {
  return `ECE_SETTING_${name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase()}`;
}
