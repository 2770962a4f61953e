module example.com/relayd-driver

go 1.19
