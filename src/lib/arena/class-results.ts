// A class's results, from imported files (/class) or from a live room (/live): the one core both views share.
// Games are grouped so that nothing unlike is pooled: challenge, practice and team games apart (as /lab/mistakes
// counts them), and each model with its number of looks apart. Within a group: the arena's scoreboard for the
// class pooled, one row per player (their games pooled), and one row per photo.
import { getModel } from '../core/catalogue';
import type { Crops } from '../core/crops';
import { tally } from '../live/protocol';
import { humanHits, modelHits, type ModelGuess, type Round, type Session } from './round';
import { scoreboard, type Scoreboard } from './scoring';
import { mcnemarExact, type McNemarResult } from './stats';
import type { Mode } from './session';

export interface ClassGame {
	/** Unique per game (the session id). */
	id: string;
	session: Session;
	rounds: Round[];
	/** Where the game came from: its file name(s), or the live room ("room ABCDE"). */
	source: string;
}

export interface PlayerRow {
	/** Unique within a section: the name as compared (trimmed, case folded). */
	key: string;
	/** The name as first met. */
	player: string;
	games: { id: string; source: string; rounds: number }[];
	/** Distinct sources of this player's games, sorted. */
	sources: string[];
	/** This player's rounds, all games pooled. */
	rounds: Round[];
	/** Whether the section's answers were timed. */
	timed: boolean;
}

export interface PhotoRow {
	/** Unique within a section: set and file name. */
	key: string;
	set: string;
	image: string;
	truth: number;
	real: number[];
	/** Rounds on this photo the person's score counts (assisted ones left out). */
	answered: number;
	/** Of those, the answers with the truth among the five guesses. */
	classRight: number;
	/** classRight / answered (1 when nobody answered: nothing missed). */
	share: number;
	/** The class's most common guesses: [class, students who had it among their five], most first (the projector's count). */
	guesses: [number, number][];
	/** The model's five on this photo (from its first game). */
	model: ModelGuess[];
	/** Games in which the model had the truth in its five, of all games on this photo (the same unless backends differ). */
	modelRight: number;
	games: number;
	/** Position in the first game that showed it (a live room's photo number; across seeds only a hint). */
	firstIndex: number;
}

export interface ByPhoto extends McNemarResult {
	/** Photos someone answered: each counted once. */
	n: number;
	/** Photos fewer than half of the class had in their five. */
	classWrong: number;
	/** Photos the model missed (in most of its games). */
	modelWrong: number;
}

export interface Section {
	/** mode|model|looks: unique. */
	key: string;
	mode: Mode;
	modelId: string;
	modelName: string;
	crops: Crops;
	sets: string[];
	games: number;
	/** The whole class's rounds pooled: each answer paired with the model's on the same photo. */
	board: Scoreboard;
	/** Whether any answer was timed (live answers are not: their mean time is left out, not shown as 0 s). */
	timed: boolean;
	players: PlayerRow[];
	photos: PhotoRow[];
	/** The class against the model photo by photo: each photo once, the class "right" when at least half were. */
	byPhoto: ByPhoto;
}

export interface ClassResults {
	games: number;
	rounds: number;
	/** Distinct players over all sections. */
	players: number;
	/** Every source (file name or room), sorted. */
	sources: string[];
	sections: Section[];
}

/** The order sections are shown in: the scored game first, the team game, practice last. */
export const MODE_ORDER: Mode[] = ['challenge', 'team', 'practice'];
export const MODE_TITLE: Record<Mode, string> = { challenge: 'Challenge', team: 'Team (human + model)', practice: 'Practice' };

export const modelName = (id: string) => {
	try {
		return getModel(id).name;
	} catch {
		return id; // a model no longer in the catalogue keeps its id
	}
};

/** Names and files in a person's order: "Student 2" before "Student 10". */
const collator = new Intl.Collator('en', { numeric: true });
const byName = (a: string, b: string) => collator.compare(a, b);

/** Players are told apart by name; "Ada " and "ada" are the same player. */
export const playerKey = (name: string) => name.trim().toLocaleLowerCase();

/** Less than half of those who answered had the truth in their five. */
export const fooledClass = (p: PhotoRow) => p.answered > 0 && p.share < 0.5;
/** The model missed it (in most of its games on the photo). */
export const fooledModel = (p: PhotoRow) => p.modelRight * 2 < p.games;

function untimed(b: Scoreboard): Scoreboard {
	return { ...b, human: { ...b.human, meanSeconds: null } };
}

const boards = new WeakMap<PlayerRow, Scoreboard>();
/**
 * A player's rounds pooled, each paired with the model's answer on the same photo. Scored when asked (for the rows
 * on screen): 5,000 players' scoreboards at once would hold the page for seconds.
 */
export function playerBoard(row: PlayerRow): Scoreboard {
	let b = boards.get(row);
	if (!b) {
		b = scoreboard(row.rounds);
		if (!row.timed) b = untimed(b);
		boards.set(row, b);
	}
	return b;
}

function playerRows(list: { game: ClassGame; rounds: Round[] }[], timed: boolean): PlayerRow[] {
	const by = new Map<string, { player: string; games: PlayerRow['games']; rounds: Round[] }>();
	for (const { game, rounds } of list) {
		const key = playerKey(game.session.player);
		let p = by.get(key);
		if (!p) by.set(key, (p = { player: game.session.player.trim() || 'unnamed', games: [], rounds: [] }));
		p.games.push({ id: game.id, source: game.source, rounds: rounds.length });
		p.rounds.push(...rounds);
	}
	return [...by.entries()]
		.map(([key, p]) => ({ key, player: p.player, games: p.games, sources: [...new Set(p.games.map((g) => g.source))].sort(byName), rounds: p.rounds, timed }))
		.sort((a, b) => byName(a.player, b.player) || byName(a.key, b.key));
}

function photoRows(rounds: Round[]): PhotoRow[] {
	const by = new Map<string, Round[]>();
	for (const r of rounds) {
		const key = `${r.set}/${r.image}`;
		const list = by.get(key);
		if (list) list.push(r);
		else by.set(key, [r]);
	}
	return [...by.entries()].map(([key, list]) => {
		const first = list[0];
		const counted = list.filter((r) => !r.assisted);
		const t = tally(
			counted.map((r) => r.human),
			first.truth
		);
		// humanHits is the arena's one definition of a hit; tally's count agrees with it (truth among the first five).
		const classRight = counted.filter((r) => humanHits(r).top5).length;
		return {
			key,
			set: first.set,
			image: first.image,
			truth: first.truth,
			real: first.real,
			answered: t.answered,
			classRight,
			share: t.answered ? classRight / t.answered : 1,
			guesses: t.top,
			model: first.model,
			modelRight: list.filter((r) => modelHits(r).top5).length,
			games: list.length,
			firstIndex: first.index
		};
	});
}

function byPhoto(photos: PhotoRow[]): ByPhoto {
	const seen = photos.filter((p) => p.answered > 0);
	const classWrong = seen.map(fooledClass);
	const modelWrong = seen.map(fooledModel);
	return { ...mcnemarExact(classWrong, modelWrong), n: seen.length, classWrong: classWrong.filter(Boolean).length, modelWrong: modelWrong.filter(Boolean).length };
}

const sectionKey = (mode: Mode, model: string, crops: number) => `${mode}|${model}|${crops}`;

/** Group the games and score each group. Rounds are grouped by their own mode and model (a game's rounds agree). */
export function classResults(games: ClassGame[]): ClassResults {
	const groups = new Map<string, { mode: Mode; modelId: string; crops: Crops; list: { game: ClassGame; rounds: Round[] }[] }>();
	for (const game of games) {
		const crops = game.session.config.crops;
		const parts = new Map<string, Round[]>();
		for (const r of game.rounds) {
			const key = sectionKey(r.mode, r.modelId, crops);
			const list = parts.get(key);
			if (list) list.push(r);
			else parts.set(key, [r]);
		}
		for (const [key, rounds] of parts) {
			let g = groups.get(key);
			if (!g) groups.set(key, (g = { mode: rounds[0].mode, modelId: rounds[0].modelId, crops, list: [] }));
			g.list.push({ game, rounds });
		}
	}
	const sections = [...groups.entries()].map(([key, g]): Section => {
		const rounds = g.list.flatMap((x) => x.rounds);
		const timed = rounds.some((r) => r.humanMs > 0);
		const board = scoreboard(rounds);
		const photos = photoRows(rounds);
		return {
			key,
			mode: g.mode,
			modelId: g.modelId,
			modelName: modelName(g.modelId),
			crops: g.crops,
			sets: [...new Set(rounds.map((r) => r.set))],
			games: new Set(g.list.map((x) => x.game.id)).size,
			board: timed ? board : untimed(board),
			timed,
			players: playerRows(g.list, timed),
			photos,
			byPhoto: byPhoto(photos)
		};
	});
	// Within a mode, the group with most answers first (the class's main game), then by model name and looks.
	sections.sort((a, b) => MODE_ORDER.indexOf(a.mode) - MODE_ORDER.indexOf(b.mode) || b.board.rounds - a.board.rounds || a.modelName.localeCompare(b.modelName) || a.crops - b.crops);
	return {
		games: games.length,
		rounds: games.reduce((n, g) => n + g.rounds.length, 0),
		players: new Set(games.map((g) => playerKey(g.session.player))).size,
		sources: [...new Set(games.map((g) => g.source))].sort(byName),
		sections
	};
}

export type PhotoOrder = 'class' | 'model' | 'shown';

/** Photos in a chosen order: most missed by the class first, missed by the model first, or as first shown. */
export function orderPhotos(photos: PhotoRow[], order: PhotoOrder): PhotoRow[] {
	const modelShare = (p: PhotoRow) => p.modelRight / p.games;
	const byClass = (a: PhotoRow, b: PhotoRow) => a.share - b.share || b.answered - a.answered;
	const cmp: Record<PhotoOrder, (a: PhotoRow, b: PhotoRow) => number> = {
		class: (a, b) => byClass(a, b) || modelShare(a) - modelShare(b),
		model: (a, b) => modelShare(a) - modelShare(b) || byClass(a, b),
		shown: (a, b) => a.firstIndex - b.firstIndex
	};
	return [...photos].sort((a, b) => cmp[order](a, b) || a.key.localeCompare(b.key));
}

/** One page of a long list (thousands of players must not all be drawn at once). */
export function pageOf<T>(items: T[], page: number, size = 50) {
	const pages = Math.max(1, Math.ceil(items.length / size));
	const p = Math.min(Math.max(0, Math.floor(page) || 0), pages - 1);
	return { items: items.slice(p * size, (p + 1) * size), page: p, pages, from: items.length ? p * size + 1 : 0, to: Math.min(items.length, (p + 1) * size), total: items.length };
}

/** "a.json, b.csv and 3 more": sources named, never only counted, but a long list kept short. */
export function listNames(names: string[], shown = 6): string {
	if (names.length <= shown) return names.join(', ');
	return `${names.slice(0, shown).join(', ')} and ${names.length - shown} more`;
}
