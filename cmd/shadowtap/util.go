package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

func indentJSON(b []byte) []byte {
	var out bytes.Buffer
	if json.Indent(&out, b, "", "  ") != nil {
		return b
	}
	return out.Bytes()
}

// writeFileAtomic writes to a temporary file beside name and renames it on
// success, so a failed run leaves nothing behind.
func writeFileAtomic(name string, data []byte) error {
	f, err := os.CreateTemp(filepath.Dir(name), "."+filepath.Base(name)+".tmp-*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	if _, err := f.Write(data); err != nil {
		f.Close()
		os.Remove(tmp)
		return err
	}
	if err := f.Close(); err != nil {
		os.Remove(tmp)
		return err
	}
	return os.Rename(tmp, name)
}

// outputWriter remembers the first error writing to the command's output.
// Formatters and print-as-you-go loops drop write errors; checking this
// once at the end is what keeps a full disk from exiting 0.
type outputWriter struct {
	w   io.Writer
	err error
}

func (o *outputWriter) Write(p []byte) (int, error) {
	if o.err != nil {
		return 0, o.err
	}
	n, err := o.w.Write(p)
	if err == nil && n < len(p) {
		err = io.ErrShortWrite
	}
	if err != nil {
		o.err = err
	}
	return n, err
}

// outputError names a failure to write the output, which would otherwise
// read like a failure to read the input.
func outputError(err error) error { return fmt.Errorf("writing output: %w", err) }

// writeOutput runs write on a buffered w, flushes it and reports any write
// error to w ahead of write's own error.
func writeOutput(w io.Writer, write func(io.Writer) error) error {
	ow := &outputWriter{w: w}
	bw := bufio.NewWriter(ow)
	err := write(bw)
	if ferr := bw.Flush(); err == nil {
		err = ferr
	}
	if ow.err != nil {
		return outputError(ow.err)
	}
	return err
}
