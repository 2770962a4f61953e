module chat.example.net/relayd

go 1.19
