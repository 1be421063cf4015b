/**
 * @module engine/runtime/task-queue
 * MediaPipe's deterministic scheduling order (SchedulerQueue::Item::operator<) as a binary heap: open tasks first
 * (lower node id first); then non-sources, higher node id first, which drains the graph towards its outputs; then
 * sources by source_layer and id. Equal priorities run first-in, first-out.
 */
import type { CalculatorNode, NodeInvocation } from './calculator-node.js';

export interface Task {
  readonly node: CalculatorNode;
  readonly invocation: NodeInvocation;
  /** Insertion order, for FIFO among equal priorities. */
  readonly sequence: number;
}

function rank(task: Task): number {
  if (task.invocation.phase === 'open') return 0;
  return task.node.spec.isSource ? 2 : 1;
}

/** Whether `a` runs before `b`. */
export function runsBefore(a: Task, b: Task): boolean {
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return ra < rb;
  const na = a.node.spec;
  const nb = b.node.spec;
  if (ra === 0) {
    if (na.id !== nb.id) return na.id < nb.id;
  } else if (ra === 1) {
    if (na.id !== nb.id) return na.id > nb.id;
  } else {
    if (na.sourceLayer !== nb.sourceLayer) return na.sourceLayer < nb.sourceLayer;
    if (na.id !== nb.id) return na.id < nb.id;
  }
  return a.sequence < b.sequence;
}

/** A binary heap of tasks ordered by `runsBefore`. */
export class TaskQueue {
  private readonly heap: Task[] = [];
  private sequence = 0;

  get size(): number {
    return this.heap.length;
  }

  push(node: CalculatorNode, invocation: NodeInvocation): void {
    const heap = this.heap;
    const task: Task = { node, invocation, sequence: this.sequence++ };
    let i = heap.length;
    heap.push(task);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const above = heap[parent] as Task;
      if (!runsBefore(task, above)) break;
      heap[i] = above;
      i = parent;
    }
    heap[i] = task;
  }

  pop(): Task | undefined {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop();
    if (top === undefined || last === undefined || heap.length === 0) return top;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= heap.length) break;
      const right = left + 1;
      const child = right < heap.length && runsBefore(heap[right] as Task, heap[left] as Task) ? right : left;
      if (!runsBefore(heap[child] as Task, last)) break;
      heap[i] = heap[child] as Task;
      i = child;
    }
    heap[i] = last;
    return top;
  }

  /** Empties the queue, returning what was waiting. */
  drain(): Task[] {
    return this.heap.splice(0, this.heap.length);
  }
}
