# a minimal PID 1 for a lab container image: loops on pause(2) forever (SIGTERM/SIGPWR end it via exit)
.globl _start
.text
_start:
  # install handlers: rt_sigaction(SIGPWR=30 / SIGTERM=15) -> exit
  lea act(%rip), %rsi
  mov $13, %eax; mov $30, %edi; xor %edx, %edx; mov $8, %r10; syscall
  lea act(%rip), %rsi
  mov $13, %eax; mov $15, %edi; xor %edx, %edx; mov $8, %r10; syscall
1: mov $34, %eax; syscall     # pause
  jmp 1b
bye:
  mov $60, %eax; xor %edi, %edi; syscall
restorer:
  mov $15, %eax; syscall
.data
act: .quad bye
     .quad 0x04000000
     .quad restorer
     .quad 0
