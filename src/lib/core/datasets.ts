// Image sets the app and the CLI know by name. The files come from the mirror (npm run assets).

export interface ImageSetInfo {
	id: string;
	name: string;
	description: string;
	/** Folder of the images relative to the set's folder ('' = the folder itself). */
	imagesDir: string;
	/** 'val': ILSVRC validation labels.csv format; 'gallery': one example per class; 'cue-conflict': Geirhos stimuli. */
	kind: 'val' | 'gallery' | 'cue-conflict';
	/** Where the images came from, for the message shown when the mirror lacks them. */
	origin: string;
}

export const IMAGE_SETS: ImageSetInfo[] = [
	{
		id: 'ilsvrc2012_val_acuity1300',
		name: 'ILSVRC-2012 val, 1300 photos',
		description: '1300 validation photos over 725 classes (squashed to 227x227)',
		imagesDir: 'images',
		kind: 'val',
		origin: 'github.com/VeriSilicon/acuity-dataset @ aded2e9 ILSVRC2012_VAL_SET/data'
	},
	{
		id: 'ilsvrc2012_val_imagenette500',
		name: 'Imagenette val, 500 photos',
		description: 'all 500 validation photos of the 10 Imagenette classes (224x224)',
		imagesDir: 'images',
		kind: 'val',
		origin: 'github.com/thunderInfy/imagenette (val photos of the 10 Imagenette classes)'
	},
	{
		id: 'ilsvrc2012_val_fullframe',
		name: 'ILSVRC-2012 val, 122 full-frame photos',
		description: '122 validation photos over 108 classes at their original size and aspect ratio, as the 2014 annotators saw them',
		imagesDir: 'images',
		kind: 'val',
		origin: 'ILSVRC2012_val_*.JPEG originals from six public repositories (see the mirror\'s datasets/ilsvrc2012_val_fullframe/provenance.csv)'
	},
	{
		id: 'imagenet_class_gallery',
		name: 'Class gallery',
		description: 'one example picture per class, for the class picker',
		imagesDir: '',
		kind: 'gallery',
		origin: 'github.com/EliSchwartz/imagenet-sample-images (shrunk to 320 px)'
	},
	{
		id: 'texture_vs_shape_geirhos',
		name: 'Shape vs texture stimuli',
		description: 'cue-conflict, edge and silhouette stimuli (Geirhos et al. 2019, CC BY 4.0)',
		imagesDir: '',
		kind: 'cue-conflict',
		origin: 'github.com/rgeirhos/texture-vs-shape stimuli/'
	}
];

export const DEFAULT_SET_ID = 'ilsvrc2012_val_acuity1300';

/** Metadata files the app reads from the mirror's datasets/meta. */
export const META_FILES = ['classes.csv', 'ilsvrc_reference.json'];

/** URL paths under the app's own origin (files copied into static/ by npm run assets). */
export const paths = {
	model: (id: string, file: string) => `models/${id}/${file}`,
	set: (id: string, file: string) => `data/${id}/${file}`,
	/** A picture of a set, in its images folder where the set has one. */
	image: (id: string, filename: string) => {
		const dir = IMAGE_SETS.find((s) => s.id === id)?.imagesDir;
		return `data/${id}/${dir ? `${dir}/` : ''}${filename}`;
	},
	meta: (file: string) => `data/meta/${file}`,
	wasm: 'tfjs-wasm/',
	/** LiteRT.js's WASM builds (its glue is bundled into the worker). */
	litertWasm: 'litert-wasm/'
};
