module example.com/capturekit

go 1.19
