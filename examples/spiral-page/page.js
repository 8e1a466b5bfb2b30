// Loads model.json with gatelab/runtime, draws its decision map and classifies the points a visitor clicks.
import '@tensorflow/tfjs-backend-webgl';
import { loadModel } from 'gatelab/runtime';

const canvas = document.getElementById('plane');
const status = document.getElementById('status');
const ctx = canvas.getContext('2d');
const EXTENT = 1.2; // the spiral's points lie within radius 1
const COLOURS = [[31, 111, 178], [210, 105, 30]];

const toPlane = (px, py) => [((px / canvas.width) * 2 - 1) * EXTENT, (1 - (py / canvas.height) * 2) * EXTENT];

/** Class probabilities from the logits the model returns. */
function softmax(logits) {
  const top = Math.max(...logits);
  const e = logits.map((v) => Math.exp(v - top));
  const sum = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / sum);
}

async function drawMap(model, cells = 80) {
  const size = canvas.width / cells;
  const points = [];
  for (let j = 0; j < cells; j++) for (let i = 0; i < cells; i++) points.push(toPlane((i + 0.5) * size, (j + 0.5) * size));
  const { outputs } = await model.predict(points); // one batch of cells × cells points
  outputs.forEach((logits, k) => {
    const p = softmax(logits)[1];
    const [a, b] = COLOURS;
    ctx.fillStyle = `rgba(${a.map((c, n) => Math.round(c + (b[n] - c) * p)).join(',')},0.35)`;
    ctx.fillRect((k % cells) * size, Math.floor(k / cells) * size, size, size);
  });
}

const model = await loadModel(await (await fetch('./model.json')).text());
await drawMap(model);
status.textContent = `"${model.name}" runs on ${model.backend}. Click a point.`;

canvas.addEventListener('click', async (event) => {
  const box = canvas.getBoundingClientRect();
  const px = ((event.clientX - box.left) / box.width) * canvas.width;
  const py = ((event.clientY - box.top) / box.height) * canvas.height;
  const point = toPlane(px, py);
  const { outputs: [logits] } = await model.predict([point]);
  const p = softmax(logits);
  const arm = p[1] > p[0] ? 1 : 0;
  ctx.fillStyle = `rgb(${COLOURS[arm].join(',')})`;
  ctx.beginPath();
  ctx.arc(px, py, 6, 0, 2 * Math.PI);
  ctx.fill();
  ctx.strokeStyle = '#fff';
  ctx.stroke();
  status.innerHTML = `(${point.map((v) => v.toFixed(2)).join(', ')}) is on <b class="arm${arm}">arm ${arm}</b>, with probability ${(p[arm] * 100).toFixed(1)}%.`;
});
