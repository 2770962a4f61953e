module example.com/flagd-driver

go 1.19

require example.com/capturekit v0.0.0

replace example.com/capturekit => ../capturekit
