// The 2014 study's figures, the ILSVRC winners and the error taxonomy (meta/ilsvrc_reference.json).
export interface TaxonomyCategory {
	id: string;
	label: string;
	model: number | null;
	model_share?: number;
	human: number | null;
	human_share?: number;
	note?: string;
}

export interface IlsvrcReference {
	winners: { year: number; entry: string; top5_error: number; approx?: boolean }[];
	human_2014: {
		trained_annotator: { images: number; top5_error: number; errors_approx: number };
		googlenet_same_images: { images: number; top5_error: number; errors_approx: number };
		test: string;
	};
	error_taxonomy_2014: { note: string; categories: TaxonomyCategory[] };
}

export function parseReference(json: unknown): IlsvrcReference {
	const r = json as IlsvrcReference;
	if (!Array.isArray(r?.winners) || !r.human_2014 || !Array.isArray(r.error_taxonomy_2014?.categories)) {
		throw new Error('ilsvrc_reference.json is not in the expected format');
	}
	return r;
}

/**
 * The 2014 categories that apply to one side's miss: those the study counted for that side, and those it counted
 * for neither (incorrect annotation; close-up, unusual view...). A model is never "unaware of a class".
 */
export function categoriesFor(ref: IlsvrcReference, side: 'human' | 'model'): TaxonomyCategory[] {
	return ref.error_taxonomy_2014.categories.filter((c) => c[side] !== null || (c.human === null && c.model === null));
}
