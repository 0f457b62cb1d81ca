// An image set's labels.csv (format of ../shared/datasets/INDEX.md):
// filename,wnid,class_index,label,simple_label,real_indices[,source_path]
import Papa from 'papaparse';

export interface LabelledImage {
	filename: string;
	wnid: string;
	classIndex: number;
	/** ReaL multi-labels; empty = ReaL found no valid label (left out of ReaL figures). */
	real: number[];
}

export function parseLabels(csvText: string): LabelledImage[] {
	const parsed = Papa.parse<Record<string, string>>(csvText.trim(), { header: true, skipEmptyLines: true });
	const fields = parsed.meta.fields ?? [];
	for (const need of ['filename', 'class_index']) {
		if (!fields.includes(need)) throw new Error(`labels.csv has no "${need}" column (columns: ${fields.join(', ')})`);
	}
	return parsed.data.map((r, i) => {
		const classIndex = Number(r.class_index);
		if (!Number.isInteger(classIndex) || classIndex < 0 || classIndex > 999) {
			throw new Error(`labels.csv row ${i + 2}: class_index "${r.class_index}" is not 0-999`);
		}
		const real = (r.real_indices ?? '').trim();
		return {
			filename: r.filename,
			wnid: r.wnid ?? '',
			classIndex,
			real: real ? real.split(/\s+/).map(Number) : []
		};
	});
}
