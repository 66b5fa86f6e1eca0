// Handlers of the trust prompt (src-main/api/ops-trust.ts): review the host folder's project
// switchyard.toml and trust exactly the content the user saw, then apply it to this host.
import type { OperationOutput } from '../api';
import type { trustOperations } from '../api/ops-trust';
import { ConfigError, findProjectConfig, reviewProjectConfig, trustProjectConfig, type ProjectConfigReview } from '../engine/config';
import { canonicalConfigPath } from '../engine/config/trust';
import type { HandlerContext, HandlersFor } from './handlers';
import { reload } from './handlers-operator';

type Review = NonNullable<OperationOutput<'getProjectConfigTrust'>['project']>;

export function trustHandlers(ctx: HandlerContext): HandlersFor<keyof typeof trustOperations> {
  // Which trusted content this host applies (null: none; undefined: not checked yet). Trust given or
  // revoked elsewhere (`switchyard trust` in a terminal) reaches the host at the next review.
  let appliedSha: string | null | undefined;
  let applied = false;

  const sync = (review: ProjectConfigReview): Review => {
    const wanted = review.trust === 'trusted' && review.error === null ? review.sha256 : null;
    if (wanted !== appliedSha) {
      try {
        const loaded = reload(ctx);
        ctx.deps.config = loaded.config;
        applied = loaded.project?.applied === true && loaded.project.sha256 === review.sha256;
        appliedSha = wanted;
      } catch (error) {
        if (!(error instanceof ConfigError)) throw error;
        applied = false; // the host keeps its previous configuration; the review shows why
      }
    }
    return { ...review, applied: applied && wanted !== null };
  };

  return {
    getProjectConfigTrust: () => {
      const file = findProjectConfig(ctx.cwd);
      return { project: file ? sync(reviewProjectConfig(ctx.deps.home, file)) : null };
    },
    trustProjectConfig: ({ path, sha256 }) => {
      const file = findProjectConfig(ctx.cwd);
      // Only the file this host would apply: the prompt is not a way to trust arbitrary paths.
      if (!file || canonicalConfigPath(file) !== canonicalConfigPath(path)) {
        const found = file ? `its project file is ${file}` : 'it has no project file';
        return { ok: false, kind: 'not_project', message: `${path} is not this folder's project config (${found}); reload the prompt` };
      }
      const outcome = trustProjectConfig(ctx.deps.home, file, sha256);
      if (!outcome.ok) return { ok: false, kind: outcome.kind, message: outcome.message };
      return { ok: true, project: sync(outcome.review) };
    },
  };
}
