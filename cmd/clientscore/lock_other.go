//go:build !unix

package main

import (
	"errors"
	"io/fs"
	"os"
)

// tryLock creates path exclusively. Without flock a crashed run leaves the
// file behind; the error message names its holder so it can be removed.
func tryLock(path string) (*runLock, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrExist) {
		return nil, errLocked
	}
	if err != nil {
		return nil, err
	}
	_, _ = f.WriteString(holderLine())
	return &runLock{f: f, path: path}, nil
}

func (l *runLock) release() {
	if l == nil {
		return
	}
	l.f.Close()
	os.Remove(l.path)
}
