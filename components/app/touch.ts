/** Whether the main pointer is a finger (phones, tablets): no hover, no precise drags. */
export const touchScreen = (): boolean => typeof matchMedia === 'function' && matchMedia('(pointer: coarse)').matches;
