// The scoreboard in one sentence anyone can read: who is ahead, by how many photos, and whether that can be told
// from luck yet (McNemar's exact test on the paired photos).
import type { IlsvrcReference } from './reference';
import type { Scoreboard } from './scoring';
import { photosToTell } from './stats';

export interface Verdict {
	/** Photos the person got and the model missed, minus the other way round (top-5; paired, unassisted photos). */
	lead: number;
	/** The paired test can tell the two apart (p < alpha). */
	decided: boolean;
	/** Who is ahead and whether it can be told yet, in one sentence. */
	sentence: string;
	/** The counts behind it, in a line ("Top-5 misses over 6 photos: you 2, MobileNet 1."). */
	counts: string;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

/**
 * `human` is how the person's side is named ("You", "Human+machine"); `model` the opponent's name.
 * With `alpha` 0.05: "too few photos to tell yet" until McNemar's p falls below it.
 */
export function verdict(board: Scoreboard, human: string, model: string, final = false, alpha = 0.05): Verdict {
	const { onlyFirstWrong: onlyHuman, onlySecondWrong: onlyModel, p, n } = board.top5.mcnemar;
	const lead = onlyModel - onlyHuman;
	const you = human === 'You';
	if (n === 0) {
		const sentence = board.assisted
			? `No photo counts for ${you ? 'you' : human} yet: the ones where the model's answer was shown are left out.`
			: 'No photos yet.';
		return { lead, decided: false, sentence, counts: '' };
	}
	const subject = (name: string, isYou: boolean) => (isYou ? 'You are' : `${name} is`);
	const counts = `Photos missed (top-5) out of ${n}: ${you ? 'you' : human} ${board.top5.paired.humanWrong}, ${model} ${board.top5.paired.modelWrong}.`;
	const decided = p < alpha;
	const tell = decided ? `unlikely to be luck (p = ${p < 0.001 ? '< 0.001' : p.toFixed(3)})` : 'too few photos to tell yet';
	let head: string;
	if (final && lead > 0) head = `${you ? 'You' : human} beat ${model} by ${plural(lead, 'photo')}`;
	else if (final && lead < 0) head = `${model} beat ${you ? 'you' : human} by ${plural(-lead, 'photo')}`;
	else if (final) head = 'A draw';
	else if (lead > 0) head = `${subject(human, you)} ahead by ${plural(lead, 'photo')}`;
	else if (lead < 0) head = `${subject(model, false)} ahead by ${plural(-lead, 'photo')}`;
	else head = 'Level';
	if (final && !(lead !== 0 && decided)) {
		// The last word of a game: say how far from telling it was, in photos, not "so far".
		const k = photosToTell(onlyHuman, onlyModel, alpha);
		const yours = you ? 'you' : human;
		const [who, other] = lead < 0 ? [model, yours] : [yours, model];
		const more = `${who} would need about ${k} more right (that ${other} ${other === 'you' ? 'miss' : 'misses'}) to tell who is better`;
		const sentence = lead === 0 ? `A draw on ${plural(n, 'photo')}: ${more}.` : `${head} of ${n}, too few to be sure: ${more}.`;
		return { lead, decided: false, sentence, counts };
	}
	return { lead, decided: lead !== 0 && decided, sentence: `${head}: ${lead === 0 ? 'no difference so far' : tell}.`, counts };
}

/** The 2014 study as a yardstick: its two error rates beside this game's. */
export function yardstick2014(board: Scoreboard, ref: IlsvrcReference, human: string, model: string): string {
	const h = ref.human_2014;
	const here = board.human.top5.n
		? `here ${human === 'You' ? 'you miss' : `${human} misses`} ${pct(board.human.top5.rate)} and ${model} ${pct(board.model.top5.rate)}`
		: `here ${model} misses ${pct(board.model.top5.rate)}`;
	return `In 2014 the trained person missed ${pct(h.trained_annotator.top5_error)} and GoogLeNet ${pct(h.googlenet_same_images.top5_error)} of ${h.trained_annotator.images.toLocaleString('en')} photos (top-5); ${here}.`;
}
