// A tiny Go file so the integration tests' workspace is a Go folder with something to show.
package main

import "fmt"

func main() {
	fmt.Println("goroutine inspector integration workspace")
}
