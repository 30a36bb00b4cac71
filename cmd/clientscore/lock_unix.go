//go:build unix

package main

import (
	"errors"
	"os"
	"syscall"
)

// tryLock takes an exclusive flock on path without waiting. The kernel
// drops it when the process dies, even by SIGKILL, so a crashed run never
// leaves a stale lock. The file is removed on release; a process that
// locked a file just removed by its holder sees it is no longer at path
// and tries again.
func tryLock(path string) (*runLock, error) {
	for {
		f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
		if err != nil {
			return nil, err
		}
		if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
			f.Close()
			if errors.Is(err, syscall.EWOULDBLOCK) {
				return nil, errLocked
			}
			return nil, err
		}
		held, err1 := f.Stat()
		now, err2 := os.Stat(path)
		if err1 != nil || err2 != nil || !os.SameFile(held, now) {
			f.Close() // removed by the previous holder after we opened it
			continue
		}
		if err := f.Truncate(0); err == nil {
			_, _ = f.WriteAt([]byte(holderLine()), 0)
		}
		return &runLock{f: f, path: path}, nil
	}
}

// release removes the lock file and drops the lock.
func (l *runLock) release() {
	if l == nil {
		return
	}
	os.Remove(l.path)
	l.f.Close()
}
