# vendor-uenv.cmd - for tests/boot/uboot.sh: do what the VisionFive vendor U-Boot does with
# uEnv.txt (load it from the boot partition, import it, run uenvcmd), on QEMU's U-Boot.
load ${devtype} ${devnum}:${distro_bootpart} ${scriptaddr} uEnv.txt
env import -t ${scriptaddr} ${filesize}
run uenvcmd
