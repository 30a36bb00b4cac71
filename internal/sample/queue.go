package sample

// queue holds rows generated ahead of their date (a payment is decided when
// its invoice is issued) until the day loop reaches them. It is a min-heap
// on (key, insertion order), so rows with the same key come out in the
// order they went in. Its size is the number of rows pending at once, not
// the number of rows.
type queue[T any] struct {
	items []queued[T]
	seq   uint64
}

type queued[T any] struct {
	key int64
	seq uint64
	row T
}

func (q *queue[T]) less(i, j int) bool {
	a, b := &q.items[i], &q.items[j]
	return a.key < b.key || (a.key == b.key && a.seq < b.seq)
}

func (q *queue[T]) push(key int64, row T) {
	q.seq++
	q.items = append(q.items, queued[T]{key, q.seq, row})
	for i := len(q.items) - 1; i > 0; {
		parent := (i - 1) / 2
		if !q.less(i, parent) {
			break
		}
		q.items[i], q.items[parent] = q.items[parent], q.items[i]
		i = parent
	}
}

// pop removes and returns the row with the smallest key.
func (q *queue[T]) pop() T {
	top := q.items[0].row
	last := len(q.items) - 1
	q.items[0] = q.items[last]
	var zero queued[T]
	q.items[last] = zero
	q.items = q.items[:last]
	for i := 0; ; {
		l, r, m := 2*i+1, 2*i+2, i
		if l < len(q.items) && q.less(l, m) {
			m = l
		}
		if r < len(q.items) && q.less(r, m) {
			m = r
		}
		if m == i {
			break
		}
		q.items[i], q.items[m] = q.items[m], q.items[i]
		i = m
	}
	return top
}

// drain passes every row with key <= upTo to emit, in order, and stops at
// the first error.
func (q *queue[T]) drain(upTo int64, emit func(T) error) error {
	for len(q.items) > 0 && q.items[0].key <= upTo {
		if err := emit(q.pop()); err != nil {
			return err
		}
	}
	return nil
}
