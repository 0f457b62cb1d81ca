// The end-of-game result card: an image drawn on a canvas in the page (the score, the opponent, the hardest photo),
// to download or share. No server: the PNG is made here and handed to the browser's download or share sheet.

export interface CardData {
	title: string;
	/** e.g. "You 8 of 10 · MobileNet v2 7 of 10 (top-5)". */
	score: string;
	verdict: string;
	opponent: string;
	/** The photo both (or the most) missed, with what it was. */
	hardest: { url: string; caption: string } | null;
	footer: string;
}

const W = 1200;
const H = 630; // the usual share-preview size

function loadImage(url: string): Promise<HTMLImageElement | null> {
	return new Promise((resolve) => {
		const img = new Image();
		img.onload = () => resolve(img);
		img.onerror = () => resolve(null);
		img.src = url;
	});
}

/** Lines of `text` that fit `width` at the context's font. */
function wrap(ctx: CanvasRenderingContext2D, text: string, width: number): string[] {
	const lines: string[] = [];
	let line = '';
	for (const word of text.split(/\s+/)) {
		const next = line ? `${line} ${word}` : word;
		if (ctx.measureText(next).width > width && line) (lines.push(line), (line = word));
		else line = next;
	}
	if (line) lines.push(line);
	return lines;
}

export async function drawResultCard(canvas: HTMLCanvasElement, d: CardData): Promise<void> {
	canvas.width = W;
	canvas.height = H;
	const ctx = canvas.getContext('2d');
	if (!ctx) throw new Error('No 2D canvas in this browser.');
	ctx.fillStyle = '#f5f7fb';
	ctx.fillRect(0, 0, W, H);
	ctx.fillStyle = '#1d3557';
	ctx.fillRect(0, 0, W, 96);
	ctx.fillStyle = '#fff';
	ctx.font = '600 40px system-ui, sans-serif';
	ctx.fillText(d.title, 40, 62);

	const photo = d.hardest ? await loadImage(d.hardest.url) : null;
	const textX = photo ? 500 : 40;
	const textW = W - textX - 40;
	if (photo && d.hardest) {
		const box = { x: 40, y: 130, w: 420, h: 380 };
		const s = Math.min(box.w / photo.naturalWidth, box.h / photo.naturalHeight);
		const w = photo.naturalWidth * s;
		const h = photo.naturalHeight * s;
		ctx.fillStyle = '#e3e8f0';
		ctx.fillRect(box.x, box.y, box.w, box.h);
		ctx.drawImage(photo, box.x + (box.w - w) / 2, box.y + (box.h - h) / 2, w, h);
		ctx.fillStyle = '#333';
		ctx.font = '22px system-ui, sans-serif';
		wrap(ctx, d.hardest.caption, box.w).slice(0, 3).forEach((l, i) => ctx.fillText(l, box.x, box.y + box.h + 32 + i * 28));
	}
	let y = 170;
	ctx.fillStyle = '#111';
	ctx.font = '700 44px system-ui, sans-serif';
	for (const l of wrap(ctx, d.score, textW)) (ctx.fillText(l, textX, y), (y += 54));
	y += 10;
	ctx.font = '30px system-ui, sans-serif';
	ctx.fillStyle = '#1d3557';
	for (const l of wrap(ctx, d.verdict, textW).slice(0, 5)) (ctx.fillText(l, textX, y), (y += 40));
	y += 16;
	ctx.font = '24px system-ui, sans-serif';
	ctx.fillStyle = '#555';
	for (const l of wrap(ctx, `Opponent: ${d.opponent}`, textW)) (ctx.fillText(l, textX, y), (y += 32));
	ctx.font = '20px system-ui, sans-serif';
	ctx.fillStyle = '#777';
	ctx.fillText(d.footer, 40, H - 24);
}

export function cardBlob(canvas: HTMLCanvasElement): Promise<Blob> {
	return new Promise((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('Could not make the image.'))), 'image/png'));
}

/** Share the card where the browser can share files, else download it. Returns what happened. */
export async function shareOrDownload(canvas: HTMLCanvasElement, filename: string): Promise<'shared' | 'downloaded'> {
	const blob = await cardBlob(canvas);
	const file = new File([blob], filename, { type: 'image/png' });
	const nav = navigator as Navigator & { canShare?: (d: { files: File[] }) => boolean };
	if (nav.canShare?.({ files: [file] }) && nav.share) {
		try {
			await nav.share({ files: [file], title: 'ConvNet Arena result' });
			return 'shared';
		} catch {
			// cancelled or refused: fall back to a download
		}
	}
	const url = URL.createObjectURL(blob);
	const a = document.createElement('a');
	a.href = url;
	a.download = filename;
	a.click();
	setTimeout(() => URL.revokeObjectURL(url), 10_000);
	return 'downloaded';
}
