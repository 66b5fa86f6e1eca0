// The project-config trust prompt: the nearest switchyard.toml above the host's folder is applied
// only once the user trusts its exact content (like `switchyard trust`), so the app shows what the
// file would run and offers a Trust button.
import { z } from 'zod';
import { absolutePath } from './paths';

const empty = z.strictObject({}).optional().default({});

export const executableKeySchema = z.object({
  /** Dotted key as `config show` prints it. */
  key: z.string(),
  value: z.unknown(),
  /** What the key makes Switchyard do ("runs these shell commands in every new worktree"). */
  effect: z.string(),
});

export const projectConfigReviewSchema = z.object({
  path: z.string(),
  /** sha256 of the content shown; trusting sends it back so an edited file is not trusted unseen. */
  sha256: z.string(),
  trust: z.enum(['trusted', 'untrusted', 'changed']),
  /** Whether the host applies the file now. */
  applied: z.boolean(),
  keys: z.array(executableKeySchema),
  /** Why the file cannot be applied as it is (TOML syntax, a bad value); fix it before trusting. */
  error: z.string().nullable(),
});
export type ProjectConfigReviewView = z.infer<typeof projectConfigReviewSchema>;

export const trustOperations = {
  /** The host folder's project file (null when there is none). */
  getProjectConfigTrust: { input: empty, output: z.object({ project: projectConfigReviewSchema.nullable() }) },
  /** Trusts the host folder's project file as shown, then applies it to new sessions of this host. */
  trustProjectConfig: {
    input: z.strictObject({
      /** The switchyard.toml to trust, as getProjectConfigTrust named it (absolute). */
      path: absolutePath(),
      sha256: z.string().regex(/^[0-9a-f]{64}$/, 'the sha256 of the content shown (from getProjectConfigTrust)'),
    }),
    output: z.union([
      z.object({ ok: z.literal(true), project: projectConfigReviewSchema }),
      /** `changed`: edited since shown (review again). `invalid`: it would not load. `not_project`: not this host's project file. */
      z.object({ ok: z.literal(false), kind: z.enum(['changed', 'invalid', 'not_project']), message: z.string() }),
    ]),
  },
} as const;
