# ovs-vsctl-bashcomp.bash -- bash completion for ovs-vsctl.
#
# Completes global options, command names (from "ovs-vsctl --commands"),
# and, after a command that takes one, the names of bridges or ports
# (from list-br / list-ports of the running database).

_ovs_vsctl_complete()
{
    local cur prev cmd i
    cur=${COMP_WORDS[COMP_CWORD]}
    prev=${COMP_WORDS[COMP_CWORD-1]}

    # The command is the last word before CUR that does not start with "-"
    # and follows a "--" separator or the program name.
    cmd=
    for ((i = 1; i < COMP_CWORD; i++)); do
        case ${COMP_WORDS[i]} in
            --) cmd= ;;
            -*) ;;
            *) if [ -z "$cmd" ]; then cmd=${COMP_WORDS[i]}; fi ;;
        esac
    done

    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "$(ovs-vsctl --options 2>/dev/null \
            | sed 's/=.*//;s/\[.*//') --if-exists --may-exist --id= \
            --all --columns= --with-iface" -- "$cur"))
        return 0
    fi
    if [ -z "$cmd" ]; then
        COMPREPLY=($(compgen -W "$(ovs-vsctl --commands 2>/dev/null)" \
            -- "$cur"))
        return 0
    fi
    case $cmd in
        del-br|br-exists|br-to-vlan|br-to-parent|list-ports|list-ifaces|\
        add-port|add-bond|br-set-external-id|br-get-external-id|\
        get-controller|del-controller|set-controller|get-fail-mode|\
        del-fail-mode|set-fail-mode|add-aa-mapping|del-aa-mapping|\
        get-aa-mapping)
            if [ "$prev" = "$cmd" ]; then
                COMPREPLY=($(compgen -W "$(ovs-vsctl list-br 2>/dev/null)" \
                    -- "$cur"))
            fi ;;
        del-port|port-to-br)
            local br ports=
            for br in $(ovs-vsctl list-br 2>/dev/null); do
                ports="$ports $(ovs-vsctl list-ports "$br" 2>/dev/null)"
            done
            COMPREPLY=($(compgen -W "$ports" -- "$cur")) ;;
    esac
    return 0
}

complete -F _ovs_vsctl_complete ovs-vsctl
