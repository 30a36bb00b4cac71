//go:build unix

package main

import (
	"errors"
	"fmt"
	"os"
	"syscall"
)

// tryLock takes an exclusive flock on path without waiting. The kernel
// drops it when the process dies, even by SIGKILL, so a crashed run never
// leaves a stale lock. The file is removed on release; a process that
// locked a file just removed by its holder sees it is no longer at path
// and tries again.
//
// The report folder may be one others can write to, so the file is opened
// without following a symbolic link, and one that is not a plain file of
// its own (a hard link to another file, a FIFO) is refused: taking the
// lock writes into the file, and must never write into a file planted
// there to be overwritten.
func tryLock(path string) (*runLock, error) {
	for {
		f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|syscall.O_NOFOLLOW|syscall.O_NONBLOCK|syscall.O_CLOEXEC, 0o600)
		if errors.Is(err, syscall.ELOOP) {
			return nil, errors.New("is a symbolic link; clientscore never follows one there: remove it (the next run creates the lock file afresh)")
		}
		if err != nil {
			return nil, err
		}
		if err := checkLockFile(f); err != nil {
			f.Close()
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
		now, err2 := os.Lstat(path)
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

// checkLockFile refuses an open lock file that is not a plain file with
// one name.
func checkLockFile(f *os.File) error {
	fi, err := f.Stat()
	if err != nil {
		return err
	}
	if !fi.Mode().IsRegular() {
		return fmt.Errorf("is not a plain file (%s); remove it (the next run creates the lock file afresh)", fi.Mode().Type())
	}
	if st, ok := fi.Sys().(*syscall.Stat_t); ok && st.Nlink > 1 {
		return fmt.Errorf("has %d names (a hard link to another file); remove it (the next run creates the lock file afresh)", st.Nlink)
	}
	return nil
}

// release removes the lock file and drops the lock.
func (l *runLock) release() {
	if l == nil {
		return
	}
	os.Remove(l.path)
	l.f.Close()
}
