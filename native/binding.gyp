{
  "targets": [
    {
      "target_name": "virtnet",
      "sources": ["virtnet.c"],
      "cflags": ["-Wall", "-Wextra", "-Werror=implicit-function-declaration", "-O2"]
    }
  ]
}
