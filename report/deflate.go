package report

import (
	"bytes"
	"io"
	"runtime"

	"github.com/klauspost/compress/flate"
)

// deflateBlock is how much of a part one compressor takes. A variable only
// so that a test can cut small parts into many blocks.
var deflateBlock = 2 << 20

// deflateLevel is the compression level. The compressor is
// github.com/klauspost/compress/flate, not the standard library's: on the
// sheets of the 1M-invoice sample's scorecard (290 MB of XML) its level 6
// takes 1.1–1.3 s and writes 34.6 MB where compress/flate's level 5,
// archive/zip's own, took 3.2 s for 33.4 MB (and its level 1, 1.1 s for
// 43.6 MB). The deflate was two thirds of the scorecard's CPU.
const deflateLevel = 6

// parallelDeflate is a zip compressor that deflates a part on every core,
// so that writing a big sheet does not wait on one. It cuts the part into
// blocks of deflateBlock bytes and compresses each on a goroutine of its
// own, ending in a sync flush (the last block ends the stream): the
// blocks, written in order, are one deflate stream. A block does not
// refer back into the one before it, which costs about 0.1% of the size
// of a sheet. A part of one block (most parts) comes out as one deflate
// stream of the whole part would.
type parallelDeflate struct {
	w       io.Writer
	block   []byte // the block being filled
	free    [][]byte
	started bool // a block has gone to a goroutine
	queue   []*deflating
	err     error
}

// deflating is one block being compressed.
type deflating struct {
	data []byte // the block's input
	done chan struct{}
	out  []byte
	err  error
}

// flateWriters are compressors to reuse, each about 1 MB: one per core
// at most. A channel rather than a sync.Pool, which drops what it holds at
// every collection (and, under the race detector, one Put in four): a new
// compressor's megabyte, zeroed, costs more than the deflate of a small
// part.
var flateWriters = make(chan *flate.Writer, runtime.GOMAXPROCS(0))

func newParallelDeflate(w io.Writer) (io.WriteCloser, error) {
	return &parallelDeflate{w: w}, nil
}

func (z *parallelDeflate) Write(p []byte) (int, error) {
	n := len(p)
	for len(p) > 0 && z.err == nil {
		// A full block goes only when more follows: Close compresses
		// the last one, so a part of one block is one deflate call.
		if len(z.block) == deflateBlock {
			z.start(false)
		}
		k := min(len(p), deflateBlock-len(z.block))
		z.block = append(z.block, p[:k]...)
		p = p[k:]
	}
	if z.err != nil {
		return 0, z.err
	}
	return n, nil
}

// start sends the block being filled to a goroutine, then writes out the
// oldest blocks while more are in flight than there are cores.
func (z *parallelDeflate) start(final bool) {
	d := &deflating{data: z.block, done: make(chan struct{})}
	go func() {
		d.out, d.err = deflateBlockOf(d.data, final)
		close(d.done)
	}()
	z.started = true
	z.queue = append(z.queue, d)
	// The first block grew as it filled (most parts are small); the
	// next ones are whole blocks, reused once compressed.
	if n := len(z.free); n > 0 {
		z.block, z.free = z.free[n-1][:0], z.free[:n-1]
	} else {
		z.block = make([]byte, 0, deflateBlock)
	}
	for len(z.queue) > runtime.GOMAXPROCS(0) {
		z.writeOldest()
	}
}

// writeOldest waits for the oldest block in flight and writes it out.
func (z *parallelDeflate) writeOldest() {
	d := z.queue[0]
	z.queue = z.queue[1:]
	<-d.done
	if z.err == nil {
		z.err = d.err
	}
	if z.err == nil {
		_, z.err = z.w.Write(d.out)
	}
	z.free = append(z.free, d.data)
}

func (z *parallelDeflate) Close() error {
	switch {
	case z.err != nil:
	case !z.started:
		var out []byte
		out, z.err = deflateBlockOf(z.block, true)
		if z.err == nil {
			_, z.err = z.w.Write(out)
		}
	default:
		z.start(true)
	}
	for len(z.queue) > 0 {
		z.writeOldest()
	}
	z.block, z.free = nil, nil
	return z.err
}

// deflateBlockOf compresses data and ends it with a sync flush or, when
// final, the end of the stream.
func deflateBlockOf(data []byte, final bool) ([]byte, error) {
	var out bytes.Buffer
	out.Grow(len(data)/8 + 64)
	var fw *flate.Writer
	select {
	case fw = <-flateWriters:
		fw.Reset(&out)
	default:
		var err error
		if fw, err = flate.NewWriter(&out, deflateLevel); err != nil {
			return nil, err
		}
	}
	defer func() {
		select {
		case flateWriters <- fw:
		default:
		}
	}()
	if _, err := fw.Write(data); err != nil {
		return nil, err
	}
	var err error
	if final {
		err = fw.Close()
	} else {
		err = fw.Flush()
	}
	return out.Bytes(), err
}
