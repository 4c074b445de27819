.globl _start
.text
_start:
  mov $1, %eax; mov $1, %edi; lea msg(%rip), %rsi; mov $len, %edx; syscall
  mov $60, %eax; xor %edi, %edi; syscall
.data
msg: .ascii "ok: lab image alive\n"
len = . - msg
