package main

import (
	"fmt"
	"os"
	"runtime/pprof"
	"time"

	"github.com/continuitykit/continuity/bcp"
	"github.com/continuitykit/continuity/bcp/faulttree"
)

func main() {
	m, err := bcp.Load(os.Args[1:2])
	if err != nil {
		panic(err)
	}
	f, _ := os.Create("/tmp/cpu2.prof")
	pprof.StartCPUProfile(f)
	start := time.Now()
	if os.Args[2] == "spof" {
		_, err = faulttree.SinglePointsOfFailure(m, faulttree.SPOFOptions{})
	} else {
		_, err = faulttree.Availability(m, faulttree.AvailabilityOptions{})
	}
	fmt.Println(err, time.Since(start))
	pprof.StopCPUProfile()
}
