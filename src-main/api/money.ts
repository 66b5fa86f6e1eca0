// Budget figures as people read them. A limit and its spend are printed with the same number of
// decimals, chosen so that two different amounts never print the same ("$0.0054 of $0.0045", never
// "$0.01 of $0.00") and a small non-zero amount never prints as zero. Pure: the engine's stop
// reasons, the desktop notifications and the page's notices all use it.

/** The most decimals tried before falling back to the shortest exact form of the number. */
const MAX_DECIMALS = 12;

/** Decimals that give a non-zero `n` at least two significant digits (never fewer than `min`). */
function decimalsFor(n: number, min: number): number {
  if (n === 0 || !Number.isFinite(n)) return min;
  const magnitude = Math.floor(Math.log10(Math.abs(n)));
  return Math.max(min, 1 - magnitude);
}

/**
 * The amounts printed with one shared number of decimals (at least two), enough that each non-zero
 * amount shows two significant digits and that amounts that differ print differently.
 */
export function fixedPair(amounts: readonly number[], min = 2): string[] {
  let decimals = Math.max(min, ...amounts.map((n) => decimalsFor(n, min)));
  for (; decimals <= MAX_DECIMALS; decimals += 1) {
    const printed = amounts.map((n) => n.toFixed(decimals));
    if (distinctWherever(amounts, printed)) return printed;
  }
  // Closer than 1e-12: the shortest round-trip form tells them apart.
  return amounts.map((n) => String(n));
}

function distinctWherever(amounts: readonly number[], printed: readonly string[]): boolean {
  for (let i = 0; i < amounts.length; i += 1) {
    for (let j = i + 1; j < amounts.length; j += 1) {
      if (amounts[i] !== amounts[j] && printed[i] === printed[j]) return false;
    }
  }
  return true;
}

/** Dollar amounts as a pair that reads right: `usdPair(0.0054, 0.0045)` is ["$0.0054", "$0.0045"]. */
export function usdPair(a: number, b: number): [string, string] {
  const [x, y] = fixedPair([a, b]);
  return [`$${x}`, `$${y}`];
}

/** One dollar amount: two decimals, more when it is small (two significant digits). */
export function usd(n: number): string {
  return `$${fixedPair([n])[0]}`;
}

/** Tokens are whole numbers: grouped digits always tell two counts apart. */
export function tokenCount(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** "$0.0054 of $0.0045" or "1,200 of 1,000 tokens": the spend, then the limit. */
export function spendOfLimit(kind: string, used: number, limit: number): string {
  if (kind === 'cost') {
    const [u, l] = usdPair(used, limit);
    return `${u} of ${l}`;
  }
  return `${tokenCount(used)} of ${tokenCount(limit)} tokens`;
}
