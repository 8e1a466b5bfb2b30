/**
 * The Python every exported package shares, as text: the scripts, the header
 * of nodes.py, the model.py template and the helpers several node modules call.
 * The node modules themselves are .py files beside their node files.
 */
import type { TorchHelper } from '../../registry/torch';
import INIT_PY from './python/__init__.py?raw';
import ARRAYS_PY from './python/arrays.py?raw';
import PREDICT_PY from './python/predict.py?raw';
import EVAL_PY from './python/eval.py?raw';
import TRAIN_PY from './python/train.py?raw';
import NODES_HEADER from './python/nodes_header.py?raw';
import MODEL_TEMPLATE from './python/model.py?raw';
import activatePy from './python/helpers/activate.py?raw';
import normsPy from './python/helpers/norms.py?raw';
import attentionPy from './python/helpers/attention.py?raw';
import routerPy from './python/helpers/router.py?raw';
import gzslPy from './python/helpers/gzsl.py?raw';

export { INIT_PY, ARRAYS_PY, PREDICT_PY, EVAL_PY, TRAIN_PY, NODES_HEADER, MODEL_TEMPLATE };

/** Helpers by name, in the order nodes.py lists them. */
export const HELPERS: Readonly<Record<TorchHelper, string>> = { activate: activatePy, norms: normsPy, attention: attentionPy, router: routerPy, gzsl: gzslPy };
