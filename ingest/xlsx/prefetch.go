package xlsx

import "io"

// prefetcher inflates a part in its own goroutine while the caller parses
// what came before: inflating is most of the cost of reading a sheet, and
// with the parse overlapped the whole read takes little more than the
// inflate alone. It holds a fixed number of chunks, so memory stays
// bounded whatever the part inflates to.
type prefetcher struct {
	src    io.ReadCloser
	full   chan chunk
	free   chan []byte
	done   chan struct{}
	exited chan struct{}
	cur    []byte // unread part of the chunk being read
	held   []byte // the chunk being read, to give back
	err    error
	closed bool
}

type chunk struct {
	b   []byte
	err error
}

const (
	chunkSize = 256 << 10
	chunks    = 4
)

// newPrefetcher starts inflating src; size is what src should hold (a
// hint: a small part needs no large chunks).
func newPrefetcher(src io.ReadCloser, size int64) *prefetcher {
	p := &prefetcher{
		src:    src,
		full:   make(chan chunk, chunks),
		free:   make(chan []byte, chunks),
		done:   make(chan struct{}),
		exited: make(chan struct{}),
	}
	n := bufferSize(size, chunkSize)
	for range chunks {
		p.free <- make([]byte, n)
	}
	go p.run()
	return p
}

// bufferSize is the size of a buffer for a part of size bytes (as
// declared, so only a hint): the size plus a little, between 4 KiB and
// most.
func bufferSize(size int64, most int) int {
	if size < 0 || size >= int64(most) {
		return most
	}
	return max(4<<10, int(size)+512)
}

func (p *prefetcher) run() {
	defer close(p.exited)
	for {
		var b []byte
		select {
		case b = <-p.free:
		case <-p.done:
			return
		}
		n, err := fill(p.src, b)
		select {
		case p.full <- chunk{b: b[:n], err: err}:
		case <-p.done:
			return
		}
		if err != nil {
			return
		}
	}
}

// fill reads into b until it is full or src fails; io.EOF is passed on.
func fill(src io.Reader, b []byte) (int, error) {
	n := 0
	for n < len(b) {
		m, err := src.Read(b[n:])
		n += m
		if err != nil {
			return n, err
		}
		if m == 0 {
			return n, io.ErrNoProgress
		}
	}
	return n, nil
}

func (p *prefetcher) Read(b []byte) (int, error) {
	for len(p.cur) == 0 {
		if p.err != nil {
			return 0, p.err
		}
		if p.held != nil {
			p.free <- p.held[:cap(p.held)]
			p.held = nil
		}
		c := <-p.full
		p.cur, p.held, p.err = c.b, c.b, c.err
	}
	n := copy(b, p.cur)
	p.cur = p.cur[n:]
	return n, nil
}

// Close stops the goroutine and closes the source.
func (p *prefetcher) Close() error {
	if p.closed {
		return nil
	}
	p.closed = true
	close(p.done)
	<-p.exited
	return p.src.Close()
}
