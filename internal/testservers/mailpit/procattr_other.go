//go:build !linux

package mailpit

import "syscall"

func procAttr() *syscall.SysProcAttr { return nil }
