// Between the lab's plain RGB pictures and TF.js tensors.
import * as tf from '@tensorflow/tfjs';
import type { Classifier } from '../core/classifier';
import type { RGBImage } from './image';
import type { SweepModel } from './sweep';

/** A float32 [h, w, 3] tensor of the picture's 0..255 values (the caller disposes it). */
export function imageToTensor(img: RGBImage): tf.Tensor3D {
	return tf.tensor3d(img.data, [img.height, img.width, 3], 'float32');
}

/** Read a [h, w, 3] tensor of 0..255 values back as a picture (the tensor is not disposed). */
export async function tensorToImage(t: tf.Tensor3D): Promise<RGBImage> {
	const [height, width, channels] = t.shape;
	if (channels !== 3) throw new Error(`Expected an RGB tensor [h, w, 3], got ${t.shape.join(' x ')}`);
	const values = await t.data();
	return { width, height, data: values instanceof Float32Array ? values.slice() : Float32Array.from(values) };
}

/** A classifier as a sweep model: pictures -> one batch through the model -> top-5 indices. Here, beside TF.js,
 * not in sweep.ts: the sweep page imports sweep.ts for parseStrengths and the CSV and must not reach TF.js. */
export function sweepModel(classifier: Classifier): SweepModel {
	return {
		id: classifier.entry.id,
		async top5(images) {
			const tensors = images.map(imageToTensor);
			try {
				return (await classifier.classifyBatch(tensors, 5)).map((p) => p.map((x) => x.classIndex));
			} finally {
				tf.dispose(tensors);
			}
		}
	};
}
