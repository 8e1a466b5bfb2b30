// The CLI's setting: no debug warnings, and no "install tfjs-node" banner in every test file's output.
import * as tf from '@tensorflow/tfjs-core';

tf.env().set('PROD', true);
