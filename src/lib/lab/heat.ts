// The occlusion map's colours, apart from the map itself so a page can draw one without loading TF.js.
/** A diverging colour for a drop in probability: blue where hiding helped (< 0), transparent at 0, red where it hurt. */
export function heatColour(drop: number, scale: number): [number, number, number, number] {
	const t = scale > 0 ? Math.max(-1, Math.min(1, drop / scale)) : 0;
	const a = Math.abs(t);
	return t >= 0 ? [220, 30, 30, a * 0.75] : [30, 90, 220, a * 0.75];
}
