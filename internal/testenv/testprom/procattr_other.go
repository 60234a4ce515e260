//go:build !linux

package testprom

import "syscall"

func procAttr() *syscall.SysProcAttr { return nil }
