// Generated from cache/schema/interface-cache-record.ts by scripts/generate-validators.ts (npm run generate). Do not edit.
// @ts-nocheck
import func2Module from 'ajv/dist/runtime/ucs2length.js';
"use strict";
export const validate = validate20;
export default validate20;
const schema31 = {"$schema":"https://json-schema.org/draft/2020-12/schema","$id":"urn:virtnet:schema:interface-cache-record:v1","title":"virtnet interface cache record, version 1","type":"object","required":["version","vmiUid","vmiName","vmiNamespace","podKey","network","iface","podIfaceName","binding","state","facts","dhcp","domain","plan","sysctlsBefore","updatedAt"],"additionalProperties":false,"properties":{"version":{"const":1},"vmiUid":{"type":"string","minLength":1,"maxLength":128,"pattern":"^(?!.*\\.\\.)[A-Za-z0-9][A-Za-z0-9._-]*$"},"vmiName":{"type":"string","minLength":1,"maxLength":253},"vmiNamespace":{"type":"string","maxLength":63},"podKey":{"type":"string","pattern":"^[0-9]+:[0-9]+$"},"network":{"type":"string","minLength":1,"maxLength":63,"pattern":"^[A-Za-z0-9_-]+$"},"iface":{"type":"string","minLength":1,"maxLength":63,"pattern":"^[A-Za-z0-9_-]+$"},"podIfaceName":{"type":"string","pattern":"^[^/:\\s]{1,15}$"},"binding":{"enum":["bridge","masquerade","passt","sriov","macvtap"]},"state":{"enum":["started","finished"]},"facts":{"type":"object","required":["index","name","kind","mac","mtu","addresses","routes"],"additionalProperties":false,"properties":{"index":{"type":"integer","minimum":1},"name":{"type":"string","pattern":"^[^/:\\s]{1,15}$"},"kind":{"enum":["bridge","tun","veth","dummy","ifb","macvlan","macvtap","ipvlan","vxlan","device","other"]},"rawKind":{"type":"string"},"mac":{"type":"string","pattern":"^[0-9a-f]{2}(:[0-9a-f]{2}){5}$"},"mtu":{"type":"integer","minimum":68,"maximum":65535},"addresses":{"type":"array","items":{"type":"object","required":["family","address","prefixLength"],"additionalProperties":false,"properties":{"family":{"type":"integer","enum":[4,6]},"address":{"type":"string","pattern":"^[0-9A-Fa-f.:]{2,45}$"},"prefixLength":{"type":"integer","minimum":0,"maximum":128},"scope":{"enum":["global","link","host"]}}}},"routes":{"type":"array","items":{"type":"object","required":["family","destination","gateway"],"additionalProperties":false,"properties":{"family":{"type":"integer","enum":[4,6]},"destination":{"type":["string","null"],"pattern":"^[0-9A-Fa-f.:]{2,45}/[0-9]{1,3}$"},"gateway":{"type":["string","null"],"pattern":"^[0-9A-Fa-f.:]{2,45}$"},"outputInterface":{"type":"string","pattern":"^[^/:\\s]{1,15}$"},"source":{"type":"string","pattern":"^[0-9A-Fa-f.:]{2,45}$"},"table":{"type":"integer","minimum":0},"scope":{"enum":["universe","link","host"]}}}},"charDevice":{"type":"object","required":["major","minor"],"additionalProperties":false,"properties":{"major":{"type":"integer","minimum":0,"maximum":4095},"minor":{"type":"integer","minimum":0,"maximum":1048575}}}}},"dhcp":{"oneOf":[{"type":"null"},{"type":"object","required":["ipamDisabled","clientMac","routes","mtu","serverId","bridgeName"],"additionalProperties":false,"properties":{"ipamDisabled":{"type":"boolean"},"clientMac":{"type":["string","null"],"pattern":"^[0-9a-f]{2}(:[0-9a-f]{2}){5}$"},"address":{"type":"string","pattern":"^[0-9A-Fa-f.:]{2,45}$"},"prefixLength":{"type":"integer","minimum":0,"maximum":32},"gateway":{"type":["string","null"],"pattern":"^[0-9A-Fa-f.:]{2,45}$"},"routes":{"type":"array","items":{"type":"object","required":["destination","gateway"],"additionalProperties":false,"properties":{"destination":{"type":["string","null"],"pattern":"^[0-9A-Fa-f.:]{2,45}/[0-9]{1,3}$"},"gateway":{"type":["string","null"],"pattern":"^[0-9A-Fa-f.:]{2,45}$"}}}},"mtu":{"type":"integer","minimum":68,"maximum":65535},"serverId":{"type":"string","pattern":"^[0-9A-Fa-f.:]{2,45}$"},"bridgeName":{"type":"string","pattern":"^[^/:\\s]{1,15}$"},"leaseSeconds":{"type":"integer","minimum":1}}}]},"dhcpv6":{"oneOf":[{"type":"null"},{"type":"object","required":["bridgeName","address","prefixLength","advertiseDefaultRouter","mtu","clientMac"],"additionalProperties":false,"properties":{"bridgeName":{"type":"string","pattern":"^[^/:\\s]{1,15}$"},"address":{"type":"string","pattern":"^[0-9A-Fa-f.:]{2,45}$"},"prefixLength":{"type":"integer","minimum":0,"maximum":128},"advertiseDefaultRouter":{"type":"boolean"},"mtu":{"type":"integer","minimum":1280,"maximum":65535},"clientMac":{"type":["string","null"],"pattern":"^[0-9a-f]{2}(:[0-9a-f]{2}){5}$"},"validLifetimeSeconds":{"type":"integer","minimum":1,"maximum":4294967295},"preferredLifetimeSeconds":{"type":"integer","minimum":1,"maximum":4294967295}}}]},"domain":{"type":"object","required":["type","name","model"],"additionalProperties":false,"properties":{"type":{"enum":["ethernet","user","vhostuser"]},"name":{"type":"string","minLength":1,"maxLength":63,"pattern":"^[A-Za-z0-9_-]+$"},"targetDev":{"type":"string","pattern":"^[^/:\\s]{1,15}$"},"mac":{"type":"string","pattern":"^[0-9a-f]{2}(:[0-9a-f]{2}){5}$"},"mtu":{"type":"integer","minimum":68,"maximum":65535},"model":{"type":"string","minLength":1},"bootOrder":{"type":"integer","minimum":1},"pciAddress":{"type":"object","required":["domain","bus","slot","function"],"additionalProperties":false,"properties":{"domain":{"type":"string","pattern":"^0x[0-9a-f]{4}$"},"bus":{"type":"string","pattern":"^0x[0-9a-f]{2}$"},"slot":{"type":"string","pattern":"^0x[0-9a-f]{2}$"},"function":{"type":"string","pattern":"^0x[0-7]$"}}},"acpiIndex":{"type":"integer","minimum":1,"maximum":16383},"queues":{"type":"integer","minimum":0,"maximum":256},"linkState":{"enum":["up","down"]},"sourceDev":{"type":"string","pattern":"^[^/:\\s]{1,15}$"},"backend":{"type":"object","required":["type"],"additionalProperties":false,"properties":{"type":{"const":"passt"},"logFile":{"type":"string"}}},"portForwards":{"type":"array","items":{"type":"object","required":["proto","ranges"],"additionalProperties":false,"properties":{"proto":{"enum":["tcp","udp"]},"ranges":{"type":"array","items":{"type":"object","required":["start"],"additionalProperties":false,"properties":{"start":{"type":"integer","minimum":1,"maximum":65535},"end":{"type":"integer","minimum":1,"maximum":65535},"exclude":{"type":"boolean"}}}}}}}}},"plan":{"type":"object","required":["spec","nft"],"additionalProperties":false,"properties":{"spec":{"type":"object","required":["links","sysctls"],"additionalProperties":false,"properties":{"links":{"type":"array","items":{"type":"object","required":["name","kind","state"],"additionalProperties":false,"properties":{"name":{"type":"string","pattern":"^[^/:\\s]{1,15}$"},"kind":{"enum":["bridge","tap","dummy","ifb","existing"]},"index":{"type":"integer","minimum":1},"state":{"enum":["up","down","absent"]},"mac":{"type":"string","pattern":"^[0-9a-f]{2}(:[0-9a-f]{2}){5}$"},"copyMacFrom":{"type":"string","pattern":"^[^/:\\s]{1,15}$"},"mtu":{"type":"integer","minimum":68,"maximum":65535},"master":{"type":["string","null"],"pattern":"^[^/:\\s]{1,15}$"},"addresses":{"type":"array","items":{"type":"object","required":["family","address","prefixLength"],"additionalProperties":false,"properties":{"family":{"type":"integer","enum":[4,6]},"address":{"type":"string","pattern":"^[0-9A-Fa-f.:]{2,45}$"},"prefixLength":{"type":"integer","minimum":0,"maximum":128},"scope":{"enum":["global","link","host"]}}}},"learning":{"type":"boolean"},"routeLocalnet":{"type":"boolean"},"tap":{"type":"object","required":["uid","gid","queues"],"additionalProperties":false,"properties":{"uid":{"type":"integer","minimum":0},"gid":{"type":"integer","minimum":0},"queues":{"type":"integer","minimum":0,"maximum":256}}}}}},"sysctls":{"type":"array","items":{"type":"object","required":["path","value"],"additionalProperties":false,"properties":{"path":{"type":"string","pattern":"^net/ipv[46]/(?!.*\\.\\.)[A-Za-z0-9_./-]+$"},"value":{"type":"string","pattern":"^[0-9 \\t]{1,32}$"}}}}}},"nft":{"type":"array","items":{"type":"object","required":["label","family","commands"],"additionalProperties":false,"properties":{"label":{"type":"string"},"family":{"enum":["ip","ip6","inet","bridge"]},"commands":{"type":"array","items":{"type":"object","minProperties":1,"maxProperties":1}}}}},"devices":{"type":"array","items":{"type":"object","required":["path","major","minor","uid","gid","mode"],"additionalProperties":false,"properties":{"path":{"type":"string","pattern":"^/dev/tap[1-9][0-9]{0,9}$"},"major":{"type":"integer","minimum":0,"maximum":4095},"minor":{"type":"integer","minimum":0,"maximum":1048575},"uid":{"type":"integer","minimum":0},"gid":{"type":"integer","minimum":0},"mode":{"type":"integer","minimum":0,"maximum":511}}}}}},"sysctlsBefore":{"type":"array","items":{"type":"object","required":["path","value"],"additionalProperties":false,"properties":{"path":{"type":"string","pattern":"^net/ipv[46]/(?!.*\\.\\.)[A-Za-z0-9_./-]+$"},"value":{"type":"string","pattern":"^[0-9 \\t]{1,32}$"}}}},"updatedAt":{"type":"string","pattern":"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?Z$"}}};
const func1 = Object.prototype.hasOwnProperty;
const func2 = func2Module.default;
const pattern4 = new RegExp("^(?!.*\\.\\.)[A-Za-z0-9][A-Za-z0-9._-]*$", "u");
const pattern5 = new RegExp("^[0-9]+:[0-9]+$", "u");
const pattern6 = new RegExp("^[A-Za-z0-9_-]+$", "u");
const pattern8 = new RegExp("^[^/:\\s]{1,15}$", "u");
const pattern10 = new RegExp("^[0-9a-f]{2}(:[0-9a-f]{2}){5}$", "u");
const pattern11 = new RegExp("^[0-9A-Fa-f.:]{2,45}$", "u");
const pattern12 = new RegExp("^[0-9A-Fa-f.:]{2,45}/[0-9]{1,3}$", "u");
const pattern29 = new RegExp("^0x[0-9a-f]{4}$", "u");
const pattern30 = new RegExp("^0x[0-9a-f]{2}$", "u");
const pattern32 = new RegExp("^0x[0-7]$", "u");
const pattern39 = new RegExp("^net/ipv[46]/(?!.*\\.\\.)[A-Za-z0-9_./-]+$", "u");
const pattern40 = new RegExp("^[0-9 \\t]{1,32}$", "u");
const pattern41 = new RegExp("^/dev/tap[1-9][0-9]{0,9}$", "u");
const pattern44 = new RegExp("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?Z$", "u");

function validate20(data, {instancePath="", parentData, parentDataProperty, rootData=data, dynamicAnchors={}}={}){
/*# sourceURL="urn:virtnet:schema:interface-cache-record:v1" */;
let vErrors = null;
let errors = 0;
const evaluated0 = validate20.evaluated;
if(evaluated0.dynamicProps){
evaluated0.props = undefined;
}
if(evaluated0.dynamicItems){
evaluated0.items = undefined;
}
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.version === undefined){
const err0 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "version"},message:"must have required property '"+"version"+"'"};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
if(data.vmiUid === undefined){
const err1 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "vmiUid"},message:"must have required property '"+"vmiUid"+"'"};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
if(data.vmiName === undefined){
const err2 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "vmiName"},message:"must have required property '"+"vmiName"+"'"};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
if(data.vmiNamespace === undefined){
const err3 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "vmiNamespace"},message:"must have required property '"+"vmiNamespace"+"'"};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
if(data.podKey === undefined){
const err4 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "podKey"},message:"must have required property '"+"podKey"+"'"};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
if(data.network === undefined){
const err5 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "network"},message:"must have required property '"+"network"+"'"};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
if(data.iface === undefined){
const err6 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "iface"},message:"must have required property '"+"iface"+"'"};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
if(data.podIfaceName === undefined){
const err7 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "podIfaceName"},message:"must have required property '"+"podIfaceName"+"'"};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
if(data.binding === undefined){
const err8 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "binding"},message:"must have required property '"+"binding"+"'"};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
if(data.state === undefined){
const err9 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "state"},message:"must have required property '"+"state"+"'"};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
if(data.facts === undefined){
const err10 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "facts"},message:"must have required property '"+"facts"+"'"};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
if(data.dhcp === undefined){
const err11 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "dhcp"},message:"must have required property '"+"dhcp"+"'"};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
if(data.domain === undefined){
const err12 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "domain"},message:"must have required property '"+"domain"+"'"};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
}
if(data.plan === undefined){
const err13 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "plan"},message:"must have required property '"+"plan"+"'"};
if(vErrors === null){
vErrors = [err13];
}
else {
vErrors.push(err13);
}
errors++;
}
if(data.sysctlsBefore === undefined){
const err14 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "sysctlsBefore"},message:"must have required property '"+"sysctlsBefore"+"'"};
if(vErrors === null){
vErrors = [err14];
}
else {
vErrors.push(err14);
}
errors++;
}
if(data.updatedAt === undefined){
const err15 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "updatedAt"},message:"must have required property '"+"updatedAt"+"'"};
if(vErrors === null){
vErrors = [err15];
}
else {
vErrors.push(err15);
}
errors++;
}
for(const key0 in data){
if(!(func1.call(schema31.properties, key0))){
const err16 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err16];
}
else {
vErrors.push(err16);
}
errors++;
}
}
if(data.version !== undefined){
if(1 !== data.version){
const err17 = {instancePath:instancePath+"/version",schemaPath:"#/properties/version/const",keyword:"const",params:{allowedValue: 1},message:"must be equal to constant"};
if(vErrors === null){
vErrors = [err17];
}
else {
vErrors.push(err17);
}
errors++;
}
}
if(data.vmiUid !== undefined){
let data1 = data.vmiUid;
if(typeof data1 === "string"){
if(func2(data1) > 128){
const err18 = {instancePath:instancePath+"/vmiUid",schemaPath:"#/properties/vmiUid/maxLength",keyword:"maxLength",params:{limit: 128},message:"must NOT have more than 128 characters"};
if(vErrors === null){
vErrors = [err18];
}
else {
vErrors.push(err18);
}
errors++;
}
if(func2(data1) < 1){
const err19 = {instancePath:instancePath+"/vmiUid",schemaPath:"#/properties/vmiUid/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err19];
}
else {
vErrors.push(err19);
}
errors++;
}
if(!pattern4.test(data1)){
const err20 = {instancePath:instancePath+"/vmiUid",schemaPath:"#/properties/vmiUid/pattern",keyword:"pattern",params:{pattern: "^(?!.*\\.\\.)[A-Za-z0-9][A-Za-z0-9._-]*$"},message:"must match pattern \""+"^(?!.*\\.\\.)[A-Za-z0-9][A-Za-z0-9._-]*$"+"\""};
if(vErrors === null){
vErrors = [err20];
}
else {
vErrors.push(err20);
}
errors++;
}
}
else {
const err21 = {instancePath:instancePath+"/vmiUid",schemaPath:"#/properties/vmiUid/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err21];
}
else {
vErrors.push(err21);
}
errors++;
}
}
if(data.vmiName !== undefined){
let data2 = data.vmiName;
if(typeof data2 === "string"){
if(func2(data2) > 253){
const err22 = {instancePath:instancePath+"/vmiName",schemaPath:"#/properties/vmiName/maxLength",keyword:"maxLength",params:{limit: 253},message:"must NOT have more than 253 characters"};
if(vErrors === null){
vErrors = [err22];
}
else {
vErrors.push(err22);
}
errors++;
}
if(func2(data2) < 1){
const err23 = {instancePath:instancePath+"/vmiName",schemaPath:"#/properties/vmiName/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err23];
}
else {
vErrors.push(err23);
}
errors++;
}
}
else {
const err24 = {instancePath:instancePath+"/vmiName",schemaPath:"#/properties/vmiName/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err24];
}
else {
vErrors.push(err24);
}
errors++;
}
}
if(data.vmiNamespace !== undefined){
let data3 = data.vmiNamespace;
if(typeof data3 === "string"){
if(func2(data3) > 63){
const err25 = {instancePath:instancePath+"/vmiNamespace",schemaPath:"#/properties/vmiNamespace/maxLength",keyword:"maxLength",params:{limit: 63},message:"must NOT have more than 63 characters"};
if(vErrors === null){
vErrors = [err25];
}
else {
vErrors.push(err25);
}
errors++;
}
}
else {
const err26 = {instancePath:instancePath+"/vmiNamespace",schemaPath:"#/properties/vmiNamespace/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err26];
}
else {
vErrors.push(err26);
}
errors++;
}
}
if(data.podKey !== undefined){
let data4 = data.podKey;
if(typeof data4 === "string"){
if(!pattern5.test(data4)){
const err27 = {instancePath:instancePath+"/podKey",schemaPath:"#/properties/podKey/pattern",keyword:"pattern",params:{pattern: "^[0-9]+:[0-9]+$"},message:"must match pattern \""+"^[0-9]+:[0-9]+$"+"\""};
if(vErrors === null){
vErrors = [err27];
}
else {
vErrors.push(err27);
}
errors++;
}
}
else {
const err28 = {instancePath:instancePath+"/podKey",schemaPath:"#/properties/podKey/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err28];
}
else {
vErrors.push(err28);
}
errors++;
}
}
if(data.network !== undefined){
let data5 = data.network;
if(typeof data5 === "string"){
if(func2(data5) > 63){
const err29 = {instancePath:instancePath+"/network",schemaPath:"#/properties/network/maxLength",keyword:"maxLength",params:{limit: 63},message:"must NOT have more than 63 characters"};
if(vErrors === null){
vErrors = [err29];
}
else {
vErrors.push(err29);
}
errors++;
}
if(func2(data5) < 1){
const err30 = {instancePath:instancePath+"/network",schemaPath:"#/properties/network/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err30];
}
else {
vErrors.push(err30);
}
errors++;
}
if(!pattern6.test(data5)){
const err31 = {instancePath:instancePath+"/network",schemaPath:"#/properties/network/pattern",keyword:"pattern",params:{pattern: "^[A-Za-z0-9_-]+$"},message:"must match pattern \""+"^[A-Za-z0-9_-]+$"+"\""};
if(vErrors === null){
vErrors = [err31];
}
else {
vErrors.push(err31);
}
errors++;
}
}
else {
const err32 = {instancePath:instancePath+"/network",schemaPath:"#/properties/network/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err32];
}
else {
vErrors.push(err32);
}
errors++;
}
}
if(data.iface !== undefined){
let data6 = data.iface;
if(typeof data6 === "string"){
if(func2(data6) > 63){
const err33 = {instancePath:instancePath+"/iface",schemaPath:"#/properties/iface/maxLength",keyword:"maxLength",params:{limit: 63},message:"must NOT have more than 63 characters"};
if(vErrors === null){
vErrors = [err33];
}
else {
vErrors.push(err33);
}
errors++;
}
if(func2(data6) < 1){
const err34 = {instancePath:instancePath+"/iface",schemaPath:"#/properties/iface/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err34];
}
else {
vErrors.push(err34);
}
errors++;
}
if(!pattern6.test(data6)){
const err35 = {instancePath:instancePath+"/iface",schemaPath:"#/properties/iface/pattern",keyword:"pattern",params:{pattern: "^[A-Za-z0-9_-]+$"},message:"must match pattern \""+"^[A-Za-z0-9_-]+$"+"\""};
if(vErrors === null){
vErrors = [err35];
}
else {
vErrors.push(err35);
}
errors++;
}
}
else {
const err36 = {instancePath:instancePath+"/iface",schemaPath:"#/properties/iface/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err36];
}
else {
vErrors.push(err36);
}
errors++;
}
}
if(data.podIfaceName !== undefined){
let data7 = data.podIfaceName;
if(typeof data7 === "string"){
if(!pattern8.test(data7)){
const err37 = {instancePath:instancePath+"/podIfaceName",schemaPath:"#/properties/podIfaceName/pattern",keyword:"pattern",params:{pattern: "^[^/:\\s]{1,15}$"},message:"must match pattern \""+"^[^/:\\s]{1,15}$"+"\""};
if(vErrors === null){
vErrors = [err37];
}
else {
vErrors.push(err37);
}
errors++;
}
}
else {
const err38 = {instancePath:instancePath+"/podIfaceName",schemaPath:"#/properties/podIfaceName/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err38];
}
else {
vErrors.push(err38);
}
errors++;
}
}
if(data.binding !== undefined){
let data8 = data.binding;
if(!(((((data8 === "bridge") || (data8 === "masquerade")) || (data8 === "passt")) || (data8 === "sriov")) || (data8 === "macvtap"))){
const err39 = {instancePath:instancePath+"/binding",schemaPath:"#/properties/binding/enum",keyword:"enum",params:{allowedValues: schema31.properties.binding.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err39];
}
else {
vErrors.push(err39);
}
errors++;
}
}
if(data.state !== undefined){
let data9 = data.state;
if(!((data9 === "started") || (data9 === "finished"))){
const err40 = {instancePath:instancePath+"/state",schemaPath:"#/properties/state/enum",keyword:"enum",params:{allowedValues: schema31.properties.state.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err40];
}
else {
vErrors.push(err40);
}
errors++;
}
}
if(data.facts !== undefined){
let data10 = data.facts;
if(data10 && typeof data10 == "object" && !Array.isArray(data10)){
if(data10.index === undefined){
const err41 = {instancePath:instancePath+"/facts",schemaPath:"#/properties/facts/required",keyword:"required",params:{missingProperty: "index"},message:"must have required property '"+"index"+"'"};
if(vErrors === null){
vErrors = [err41];
}
else {
vErrors.push(err41);
}
errors++;
}
if(data10.name === undefined){
const err42 = {instancePath:instancePath+"/facts",schemaPath:"#/properties/facts/required",keyword:"required",params:{missingProperty: "name"},message:"must have required property '"+"name"+"'"};
if(vErrors === null){
vErrors = [err42];
}
else {
vErrors.push(err42);
}
errors++;
}
if(data10.kind === undefined){
const err43 = {instancePath:instancePath+"/facts",schemaPath:"#/properties/facts/required",keyword:"required",params:{missingProperty: "kind"},message:"must have required property '"+"kind"+"'"};
if(vErrors === null){
vErrors = [err43];
}
else {
vErrors.push(err43);
}
errors++;
}
if(data10.mac === undefined){
const err44 = {instancePath:instancePath+"/facts",schemaPath:"#/properties/facts/required",keyword:"required",params:{missingProperty: "mac"},message:"must have required property '"+"mac"+"'"};
if(vErrors === null){
vErrors = [err44];
}
else {
vErrors.push(err44);
}
errors++;
}
if(data10.mtu === undefined){
const err45 = {instancePath:instancePath+"/facts",schemaPath:"#/properties/facts/required",keyword:"required",params:{missingProperty: "mtu"},message:"must have required property '"+"mtu"+"'"};
if(vErrors === null){
vErrors = [err45];
}
else {
vErrors.push(err45);
}
errors++;
}
if(data10.addresses === undefined){
const err46 = {instancePath:instancePath+"/facts",schemaPath:"#/properties/facts/required",keyword:"required",params:{missingProperty: "addresses"},message:"must have required property '"+"addresses"+"'"};
if(vErrors === null){
vErrors = [err46];
}
else {
vErrors.push(err46);
}
errors++;
}
if(data10.routes === undefined){
const err47 = {instancePath:instancePath+"/facts",schemaPath:"#/properties/facts/required",keyword:"required",params:{missingProperty: "routes"},message:"must have required property '"+"routes"+"'"};
if(vErrors === null){
vErrors = [err47];
}
else {
vErrors.push(err47);
}
errors++;
}
for(const key1 in data10){
if(!(func1.call(schema31.properties.facts.properties, key1))){
const err48 = {instancePath:instancePath+"/facts",schemaPath:"#/properties/facts/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key1},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err48];
}
else {
vErrors.push(err48);
}
errors++;
}
}
if(data10.index !== undefined){
let data11 = data10.index;
if(!(((typeof data11 == "number") && (!(data11 % 1) && !isNaN(data11))) && (isFinite(data11)))){
const err49 = {instancePath:instancePath+"/facts/index",schemaPath:"#/properties/facts/properties/index/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err49];
}
else {
vErrors.push(err49);
}
errors++;
}
if((typeof data11 == "number") && (isFinite(data11))){
if(data11 < 1 || isNaN(data11)){
const err50 = {instancePath:instancePath+"/facts/index",schemaPath:"#/properties/facts/properties/index/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1"};
if(vErrors === null){
vErrors = [err50];
}
else {
vErrors.push(err50);
}
errors++;
}
}
}
if(data10.name !== undefined){
let data12 = data10.name;
if(typeof data12 === "string"){
if(!pattern8.test(data12)){
const err51 = {instancePath:instancePath+"/facts/name",schemaPath:"#/properties/facts/properties/name/pattern",keyword:"pattern",params:{pattern: "^[^/:\\s]{1,15}$"},message:"must match pattern \""+"^[^/:\\s]{1,15}$"+"\""};
if(vErrors === null){
vErrors = [err51];
}
else {
vErrors.push(err51);
}
errors++;
}
}
else {
const err52 = {instancePath:instancePath+"/facts/name",schemaPath:"#/properties/facts/properties/name/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err52];
}
else {
vErrors.push(err52);
}
errors++;
}
}
if(data10.kind !== undefined){
let data13 = data10.kind;
if(!(((((((((((data13 === "bridge") || (data13 === "tun")) || (data13 === "veth")) || (data13 === "dummy")) || (data13 === "ifb")) || (data13 === "macvlan")) || (data13 === "macvtap")) || (data13 === "ipvlan")) || (data13 === "vxlan")) || (data13 === "device")) || (data13 === "other"))){
const err53 = {instancePath:instancePath+"/facts/kind",schemaPath:"#/properties/facts/properties/kind/enum",keyword:"enum",params:{allowedValues: schema31.properties.facts.properties.kind.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err53];
}
else {
vErrors.push(err53);
}
errors++;
}
}
if(data10.rawKind !== undefined){
if(typeof data10.rawKind !== "string"){
const err54 = {instancePath:instancePath+"/facts/rawKind",schemaPath:"#/properties/facts/properties/rawKind/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err54];
}
else {
vErrors.push(err54);
}
errors++;
}
}
if(data10.mac !== undefined){
let data15 = data10.mac;
if(typeof data15 === "string"){
if(!pattern10.test(data15)){
const err55 = {instancePath:instancePath+"/facts/mac",schemaPath:"#/properties/facts/properties/mac/pattern",keyword:"pattern",params:{pattern: "^[0-9a-f]{2}(:[0-9a-f]{2}){5}$"},message:"must match pattern \""+"^[0-9a-f]{2}(:[0-9a-f]{2}){5}$"+"\""};
if(vErrors === null){
vErrors = [err55];
}
else {
vErrors.push(err55);
}
errors++;
}
}
else {
const err56 = {instancePath:instancePath+"/facts/mac",schemaPath:"#/properties/facts/properties/mac/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err56];
}
else {
vErrors.push(err56);
}
errors++;
}
}
if(data10.mtu !== undefined){
let data16 = data10.mtu;
if(!(((typeof data16 == "number") && (!(data16 % 1) && !isNaN(data16))) && (isFinite(data16)))){
const err57 = {instancePath:instancePath+"/facts/mtu",schemaPath:"#/properties/facts/properties/mtu/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err57];
}
else {
vErrors.push(err57);
}
errors++;
}
if((typeof data16 == "number") && (isFinite(data16))){
if(data16 > 65535 || isNaN(data16)){
const err58 = {instancePath:instancePath+"/facts/mtu",schemaPath:"#/properties/facts/properties/mtu/maximum",keyword:"maximum",params:{comparison: "<=", limit: 65535},message:"must be <= 65535"};
if(vErrors === null){
vErrors = [err58];
}
else {
vErrors.push(err58);
}
errors++;
}
if(data16 < 68 || isNaN(data16)){
const err59 = {instancePath:instancePath+"/facts/mtu",schemaPath:"#/properties/facts/properties/mtu/minimum",keyword:"minimum",params:{comparison: ">=", limit: 68},message:"must be >= 68"};
if(vErrors === null){
vErrors = [err59];
}
else {
vErrors.push(err59);
}
errors++;
}
}
}
if(data10.addresses !== undefined){
let data17 = data10.addresses;
if(Array.isArray(data17)){
const len0 = data17.length;
for(let i0=0; i0<len0; i0++){
let data18 = data17[i0];
if(data18 && typeof data18 == "object" && !Array.isArray(data18)){
if(data18.family === undefined){
const err60 = {instancePath:instancePath+"/facts/addresses/" + i0,schemaPath:"#/properties/facts/properties/addresses/items/required",keyword:"required",params:{missingProperty: "family"},message:"must have required property '"+"family"+"'"};
if(vErrors === null){
vErrors = [err60];
}
else {
vErrors.push(err60);
}
errors++;
}
if(data18.address === undefined){
const err61 = {instancePath:instancePath+"/facts/addresses/" + i0,schemaPath:"#/properties/facts/properties/addresses/items/required",keyword:"required",params:{missingProperty: "address"},message:"must have required property '"+"address"+"'"};
if(vErrors === null){
vErrors = [err61];
}
else {
vErrors.push(err61);
}
errors++;
}
if(data18.prefixLength === undefined){
const err62 = {instancePath:instancePath+"/facts/addresses/" + i0,schemaPath:"#/properties/facts/properties/addresses/items/required",keyword:"required",params:{missingProperty: "prefixLength"},message:"must have required property '"+"prefixLength"+"'"};
if(vErrors === null){
vErrors = [err62];
}
else {
vErrors.push(err62);
}
errors++;
}
for(const key2 in data18){
if(!((((key2 === "family") || (key2 === "address")) || (key2 === "prefixLength")) || (key2 === "scope"))){
const err63 = {instancePath:instancePath+"/facts/addresses/" + i0,schemaPath:"#/properties/facts/properties/addresses/items/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key2},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err63];
}
else {
vErrors.push(err63);
}
errors++;
}
}
if(data18.family !== undefined){
let data19 = data18.family;
if(!(((typeof data19 == "number") && (!(data19 % 1) && !isNaN(data19))) && (isFinite(data19)))){
const err64 = {instancePath:instancePath+"/facts/addresses/" + i0+"/family",schemaPath:"#/properties/facts/properties/addresses/items/properties/family/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err64];
}
else {
vErrors.push(err64);
}
errors++;
}
if(!((data19 === 4) || (data19 === 6))){
const err65 = {instancePath:instancePath+"/facts/addresses/" + i0+"/family",schemaPath:"#/properties/facts/properties/addresses/items/properties/family/enum",keyword:"enum",params:{allowedValues: schema31.properties.facts.properties.addresses.items.properties.family.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err65];
}
else {
vErrors.push(err65);
}
errors++;
}
}
if(data18.address !== undefined){
let data20 = data18.address;
if(typeof data20 === "string"){
if(!pattern11.test(data20)){
const err66 = {instancePath:instancePath+"/facts/addresses/" + i0+"/address",schemaPath:"#/properties/facts/properties/addresses/items/properties/address/pattern",keyword:"pattern",params:{pattern: "^[0-9A-Fa-f.:]{2,45}$"},message:"must match pattern \""+"^[0-9A-Fa-f.:]{2,45}$"+"\""};
if(vErrors === null){
vErrors = [err66];
}
else {
vErrors.push(err66);
}
errors++;
}
}
else {
const err67 = {instancePath:instancePath+"/facts/addresses/" + i0+"/address",schemaPath:"#/properties/facts/properties/addresses/items/properties/address/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err67];
}
else {
vErrors.push(err67);
}
errors++;
}
}
if(data18.prefixLength !== undefined){
let data21 = data18.prefixLength;
if(!(((typeof data21 == "number") && (!(data21 % 1) && !isNaN(data21))) && (isFinite(data21)))){
const err68 = {instancePath:instancePath+"/facts/addresses/" + i0+"/prefixLength",schemaPath:"#/properties/facts/properties/addresses/items/properties/prefixLength/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err68];
}
else {
vErrors.push(err68);
}
errors++;
}
if((typeof data21 == "number") && (isFinite(data21))){
if(data21 > 128 || isNaN(data21)){
const err69 = {instancePath:instancePath+"/facts/addresses/" + i0+"/prefixLength",schemaPath:"#/properties/facts/properties/addresses/items/properties/prefixLength/maximum",keyword:"maximum",params:{comparison: "<=", limit: 128},message:"must be <= 128"};
if(vErrors === null){
vErrors = [err69];
}
else {
vErrors.push(err69);
}
errors++;
}
if(data21 < 0 || isNaN(data21)){
const err70 = {instancePath:instancePath+"/facts/addresses/" + i0+"/prefixLength",schemaPath:"#/properties/facts/properties/addresses/items/properties/prefixLength/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0"};
if(vErrors === null){
vErrors = [err70];
}
else {
vErrors.push(err70);
}
errors++;
}
}
}
if(data18.scope !== undefined){
let data22 = data18.scope;
if(!(((data22 === "global") || (data22 === "link")) || (data22 === "host"))){
const err71 = {instancePath:instancePath+"/facts/addresses/" + i0+"/scope",schemaPath:"#/properties/facts/properties/addresses/items/properties/scope/enum",keyword:"enum",params:{allowedValues: schema31.properties.facts.properties.addresses.items.properties.scope.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err71];
}
else {
vErrors.push(err71);
}
errors++;
}
}
}
else {
const err72 = {instancePath:instancePath+"/facts/addresses/" + i0,schemaPath:"#/properties/facts/properties/addresses/items/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err72];
}
else {
vErrors.push(err72);
}
errors++;
}
}
}
else {
const err73 = {instancePath:instancePath+"/facts/addresses",schemaPath:"#/properties/facts/properties/addresses/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err73];
}
else {
vErrors.push(err73);
}
errors++;
}
}
if(data10.routes !== undefined){
let data23 = data10.routes;
if(Array.isArray(data23)){
const len1 = data23.length;
for(let i1=0; i1<len1; i1++){
let data24 = data23[i1];
if(data24 && typeof data24 == "object" && !Array.isArray(data24)){
if(data24.family === undefined){
const err74 = {instancePath:instancePath+"/facts/routes/" + i1,schemaPath:"#/properties/facts/properties/routes/items/required",keyword:"required",params:{missingProperty: "family"},message:"must have required property '"+"family"+"'"};
if(vErrors === null){
vErrors = [err74];
}
else {
vErrors.push(err74);
}
errors++;
}
if(data24.destination === undefined){
const err75 = {instancePath:instancePath+"/facts/routes/" + i1,schemaPath:"#/properties/facts/properties/routes/items/required",keyword:"required",params:{missingProperty: "destination"},message:"must have required property '"+"destination"+"'"};
if(vErrors === null){
vErrors = [err75];
}
else {
vErrors.push(err75);
}
errors++;
}
if(data24.gateway === undefined){
const err76 = {instancePath:instancePath+"/facts/routes/" + i1,schemaPath:"#/properties/facts/properties/routes/items/required",keyword:"required",params:{missingProperty: "gateway"},message:"must have required property '"+"gateway"+"'"};
if(vErrors === null){
vErrors = [err76];
}
else {
vErrors.push(err76);
}
errors++;
}
for(const key3 in data24){
if(!(((((((key3 === "family") || (key3 === "destination")) || (key3 === "gateway")) || (key3 === "outputInterface")) || (key3 === "source")) || (key3 === "table")) || (key3 === "scope"))){
const err77 = {instancePath:instancePath+"/facts/routes/" + i1,schemaPath:"#/properties/facts/properties/routes/items/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key3},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err77];
}
else {
vErrors.push(err77);
}
errors++;
}
}
if(data24.family !== undefined){
let data25 = data24.family;
if(!(((typeof data25 == "number") && (!(data25 % 1) && !isNaN(data25))) && (isFinite(data25)))){
const err78 = {instancePath:instancePath+"/facts/routes/" + i1+"/family",schemaPath:"#/properties/facts/properties/routes/items/properties/family/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err78];
}
else {
vErrors.push(err78);
}
errors++;
}
if(!((data25 === 4) || (data25 === 6))){
const err79 = {instancePath:instancePath+"/facts/routes/" + i1+"/family",schemaPath:"#/properties/facts/properties/routes/items/properties/family/enum",keyword:"enum",params:{allowedValues: schema31.properties.facts.properties.routes.items.properties.family.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err79];
}
else {
vErrors.push(err79);
}
errors++;
}
}
if(data24.destination !== undefined){
let data26 = data24.destination;
if((typeof data26 !== "string") && (data26 !== null)){
const err80 = {instancePath:instancePath+"/facts/routes/" + i1+"/destination",schemaPath:"#/properties/facts/properties/routes/items/properties/destination/type",keyword:"type",params:{type: schema31.properties.facts.properties.routes.items.properties.destination.type},message:"must be string,null"};
if(vErrors === null){
vErrors = [err80];
}
else {
vErrors.push(err80);
}
errors++;
}
if(typeof data26 === "string"){
if(!pattern12.test(data26)){
const err81 = {instancePath:instancePath+"/facts/routes/" + i1+"/destination",schemaPath:"#/properties/facts/properties/routes/items/properties/destination/pattern",keyword:"pattern",params:{pattern: "^[0-9A-Fa-f.:]{2,45}/[0-9]{1,3}$"},message:"must match pattern \""+"^[0-9A-Fa-f.:]{2,45}/[0-9]{1,3}$"+"\""};
if(vErrors === null){
vErrors = [err81];
}
else {
vErrors.push(err81);
}
errors++;
}
}
}
if(data24.gateway !== undefined){
let data27 = data24.gateway;
if((typeof data27 !== "string") && (data27 !== null)){
const err82 = {instancePath:instancePath+"/facts/routes/" + i1+"/gateway",schemaPath:"#/properties/facts/properties/routes/items/properties/gateway/type",keyword:"type",params:{type: schema31.properties.facts.properties.routes.items.properties.gateway.type},message:"must be string,null"};
if(vErrors === null){
vErrors = [err82];
}
else {
vErrors.push(err82);
}
errors++;
}
if(typeof data27 === "string"){
if(!pattern11.test(data27)){
const err83 = {instancePath:instancePath+"/facts/routes/" + i1+"/gateway",schemaPath:"#/properties/facts/properties/routes/items/properties/gateway/pattern",keyword:"pattern",params:{pattern: "^[0-9A-Fa-f.:]{2,45}$"},message:"must match pattern \""+"^[0-9A-Fa-f.:]{2,45}$"+"\""};
if(vErrors === null){
vErrors = [err83];
}
else {
vErrors.push(err83);
}
errors++;
}
}
}
if(data24.outputInterface !== undefined){
let data28 = data24.outputInterface;
if(typeof data28 === "string"){
if(!pattern8.test(data28)){
const err84 = {instancePath:instancePath+"/facts/routes/" + i1+"/outputInterface",schemaPath:"#/properties/facts/properties/routes/items/properties/outputInterface/pattern",keyword:"pattern",params:{pattern: "^[^/:\\s]{1,15}$"},message:"must match pattern \""+"^[^/:\\s]{1,15}$"+"\""};
if(vErrors === null){
vErrors = [err84];
}
else {
vErrors.push(err84);
}
errors++;
}
}
else {
const err85 = {instancePath:instancePath+"/facts/routes/" + i1+"/outputInterface",schemaPath:"#/properties/facts/properties/routes/items/properties/outputInterface/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err85];
}
else {
vErrors.push(err85);
}
errors++;
}
}
if(data24.source !== undefined){
let data29 = data24.source;
if(typeof data29 === "string"){
if(!pattern11.test(data29)){
const err86 = {instancePath:instancePath+"/facts/routes/" + i1+"/source",schemaPath:"#/properties/facts/properties/routes/items/properties/source/pattern",keyword:"pattern",params:{pattern: "^[0-9A-Fa-f.:]{2,45}$"},message:"must match pattern \""+"^[0-9A-Fa-f.:]{2,45}$"+"\""};
if(vErrors === null){
vErrors = [err86];
}
else {
vErrors.push(err86);
}
errors++;
}
}
else {
const err87 = {instancePath:instancePath+"/facts/routes/" + i1+"/source",schemaPath:"#/properties/facts/properties/routes/items/properties/source/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err87];
}
else {
vErrors.push(err87);
}
errors++;
}
}
if(data24.table !== undefined){
let data30 = data24.table;
if(!(((typeof data30 == "number") && (!(data30 % 1) && !isNaN(data30))) && (isFinite(data30)))){
const err88 = {instancePath:instancePath+"/facts/routes/" + i1+"/table",schemaPath:"#/properties/facts/properties/routes/items/properties/table/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err88];
}
else {
vErrors.push(err88);
}
errors++;
}
if((typeof data30 == "number") && (isFinite(data30))){
if(data30 < 0 || isNaN(data30)){
const err89 = {instancePath:instancePath+"/facts/routes/" + i1+"/table",schemaPath:"#/properties/facts/properties/routes/items/properties/table/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0"};
if(vErrors === null){
vErrors = [err89];
}
else {
vErrors.push(err89);
}
errors++;
}
}
}
if(data24.scope !== undefined){
let data31 = data24.scope;
if(!(((data31 === "universe") || (data31 === "link")) || (data31 === "host"))){
const err90 = {instancePath:instancePath+"/facts/routes/" + i1+"/scope",schemaPath:"#/properties/facts/properties/routes/items/properties/scope/enum",keyword:"enum",params:{allowedValues: schema31.properties.facts.properties.routes.items.properties.scope.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err90];
}
else {
vErrors.push(err90);
}
errors++;
}
}
}
else {
const err91 = {instancePath:instancePath+"/facts/routes/" + i1,schemaPath:"#/properties/facts/properties/routes/items/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err91];
}
else {
vErrors.push(err91);
}
errors++;
}
}
}
else {
const err92 = {instancePath:instancePath+"/facts/routes",schemaPath:"#/properties/facts/properties/routes/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err92];
}
else {
vErrors.push(err92);
}
errors++;
}
}
if(data10.charDevice !== undefined){
let data32 = data10.charDevice;
if(data32 && typeof data32 == "object" && !Array.isArray(data32)){
if(data32.major === undefined){
const err93 = {instancePath:instancePath+"/facts/charDevice",schemaPath:"#/properties/facts/properties/charDevice/required",keyword:"required",params:{missingProperty: "major"},message:"must have required property '"+"major"+"'"};
if(vErrors === null){
vErrors = [err93];
}
else {
vErrors.push(err93);
}
errors++;
}
if(data32.minor === undefined){
const err94 = {instancePath:instancePath+"/facts/charDevice",schemaPath:"#/properties/facts/properties/charDevice/required",keyword:"required",params:{missingProperty: "minor"},message:"must have required property '"+"minor"+"'"};
if(vErrors === null){
vErrors = [err94];
}
else {
vErrors.push(err94);
}
errors++;
}
for(const key4 in data32){
if(!((key4 === "major") || (key4 === "minor"))){
const err95 = {instancePath:instancePath+"/facts/charDevice",schemaPath:"#/properties/facts/properties/charDevice/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key4},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err95];
}
else {
vErrors.push(err95);
}
errors++;
}
}
if(data32.major !== undefined){
let data33 = data32.major;
if(!(((typeof data33 == "number") && (!(data33 % 1) && !isNaN(data33))) && (isFinite(data33)))){
const err96 = {instancePath:instancePath+"/facts/charDevice/major",schemaPath:"#/properties/facts/properties/charDevice/properties/major/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err96];
}
else {
vErrors.push(err96);
}
errors++;
}
if((typeof data33 == "number") && (isFinite(data33))){
if(data33 > 4095 || isNaN(data33)){
const err97 = {instancePath:instancePath+"/facts/charDevice/major",schemaPath:"#/properties/facts/properties/charDevice/properties/major/maximum",keyword:"maximum",params:{comparison: "<=", limit: 4095},message:"must be <= 4095"};
if(vErrors === null){
vErrors = [err97];
}
else {
vErrors.push(err97);
}
errors++;
}
if(data33 < 0 || isNaN(data33)){
const err98 = {instancePath:instancePath+"/facts/charDevice/major",schemaPath:"#/properties/facts/properties/charDevice/properties/major/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0"};
if(vErrors === null){
vErrors = [err98];
}
else {
vErrors.push(err98);
}
errors++;
}
}
}
if(data32.minor !== undefined){
let data34 = data32.minor;
if(!(((typeof data34 == "number") && (!(data34 % 1) && !isNaN(data34))) && (isFinite(data34)))){
const err99 = {instancePath:instancePath+"/facts/charDevice/minor",schemaPath:"#/properties/facts/properties/charDevice/properties/minor/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err99];
}
else {
vErrors.push(err99);
}
errors++;
}
if((typeof data34 == "number") && (isFinite(data34))){
if(data34 > 1048575 || isNaN(data34)){
const err100 = {instancePath:instancePath+"/facts/charDevice/minor",schemaPath:"#/properties/facts/properties/charDevice/properties/minor/maximum",keyword:"maximum",params:{comparison: "<=", limit: 1048575},message:"must be <= 1048575"};
if(vErrors === null){
vErrors = [err100];
}
else {
vErrors.push(err100);
}
errors++;
}
if(data34 < 0 || isNaN(data34)){
const err101 = {instancePath:instancePath+"/facts/charDevice/minor",schemaPath:"#/properties/facts/properties/charDevice/properties/minor/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0"};
if(vErrors === null){
vErrors = [err101];
}
else {
vErrors.push(err101);
}
errors++;
}
}
}
}
else {
const err102 = {instancePath:instancePath+"/facts/charDevice",schemaPath:"#/properties/facts/properties/charDevice/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err102];
}
else {
vErrors.push(err102);
}
errors++;
}
}
}
else {
const err103 = {instancePath:instancePath+"/facts",schemaPath:"#/properties/facts/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err103];
}
else {
vErrors.push(err103);
}
errors++;
}
}
if(data.dhcp !== undefined){
let data35 = data.dhcp;
const _errs71 = errors;
let valid9 = false;
let passing0 = null;
const _errs72 = errors;
if(data35 !== null){
const err104 = {instancePath:instancePath+"/dhcp",schemaPath:"#/properties/dhcp/oneOf/0/type",keyword:"type",params:{type: "null"},message:"must be null"};
if(vErrors === null){
vErrors = [err104];
}
else {
vErrors.push(err104);
}
errors++;
}
var _valid0 = _errs72 === errors;
if(_valid0){
valid9 = true;
passing0 = 0;
}
const _errs74 = errors;
if(data35 && typeof data35 == "object" && !Array.isArray(data35)){
if(data35.ipamDisabled === undefined){
const err105 = {instancePath:instancePath+"/dhcp",schemaPath:"#/properties/dhcp/oneOf/1/required",keyword:"required",params:{missingProperty: "ipamDisabled"},message:"must have required property '"+"ipamDisabled"+"'"};
if(vErrors === null){
vErrors = [err105];
}
else {
vErrors.push(err105);
}
errors++;
}
if(data35.clientMac === undefined){
const err106 = {instancePath:instancePath+"/dhcp",schemaPath:"#/properties/dhcp/oneOf/1/required",keyword:"required",params:{missingProperty: "clientMac"},message:"must have required property '"+"clientMac"+"'"};
if(vErrors === null){
vErrors = [err106];
}
else {
vErrors.push(err106);
}
errors++;
}
if(data35.routes === undefined){
const err107 = {instancePath:instancePath+"/dhcp",schemaPath:"#/properties/dhcp/oneOf/1/required",keyword:"required",params:{missingProperty: "routes"},message:"must have required property '"+"routes"+"'"};
if(vErrors === null){
vErrors = [err107];
}
else {
vErrors.push(err107);
}
errors++;
}
if(data35.mtu === undefined){
const err108 = {instancePath:instancePath+"/dhcp",schemaPath:"#/properties/dhcp/oneOf/1/required",keyword:"required",params:{missingProperty: "mtu"},message:"must have required property '"+"mtu"+"'"};
if(vErrors === null){
vErrors = [err108];
}
else {
vErrors.push(err108);
}
errors++;
}
if(data35.serverId === undefined){
const err109 = {instancePath:instancePath+"/dhcp",schemaPath:"#/properties/dhcp/oneOf/1/required",keyword:"required",params:{missingProperty: "serverId"},message:"must have required property '"+"serverId"+"'"};
if(vErrors === null){
vErrors = [err109];
}
else {
vErrors.push(err109);
}
errors++;
}
if(data35.bridgeName === undefined){
const err110 = {instancePath:instancePath+"/dhcp",schemaPath:"#/properties/dhcp/oneOf/1/required",keyword:"required",params:{missingProperty: "bridgeName"},message:"must have required property '"+"bridgeName"+"'"};
if(vErrors === null){
vErrors = [err110];
}
else {
vErrors.push(err110);
}
errors++;
}
for(const key5 in data35){
if(!(func1.call(schema31.properties.dhcp.oneOf[1].properties, key5))){
const err111 = {instancePath:instancePath+"/dhcp",schemaPath:"#/properties/dhcp/oneOf/1/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key5},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err111];
}
else {
vErrors.push(err111);
}
errors++;
}
}
if(data35.ipamDisabled !== undefined){
if(typeof data35.ipamDisabled !== "boolean"){
const err112 = {instancePath:instancePath+"/dhcp/ipamDisabled",schemaPath:"#/properties/dhcp/oneOf/1/properties/ipamDisabled/type",keyword:"type",params:{type: "boolean"},message:"must be boolean"};
if(vErrors === null){
vErrors = [err112];
}
else {
vErrors.push(err112);
}
errors++;
}
}
if(data35.clientMac !== undefined){
let data37 = data35.clientMac;
if((typeof data37 !== "string") && (data37 !== null)){
const err113 = {instancePath:instancePath+"/dhcp/clientMac",schemaPath:"#/properties/dhcp/oneOf/1/properties/clientMac/type",keyword:"type",params:{type: schema31.properties.dhcp.oneOf[1].properties.clientMac.type},message:"must be string,null"};
if(vErrors === null){
vErrors = [err113];
}
else {
vErrors.push(err113);
}
errors++;
}
if(typeof data37 === "string"){
if(!pattern10.test(data37)){
const err114 = {instancePath:instancePath+"/dhcp/clientMac",schemaPath:"#/properties/dhcp/oneOf/1/properties/clientMac/pattern",keyword:"pattern",params:{pattern: "^[0-9a-f]{2}(:[0-9a-f]{2}){5}$"},message:"must match pattern \""+"^[0-9a-f]{2}(:[0-9a-f]{2}){5}$"+"\""};
if(vErrors === null){
vErrors = [err114];
}
else {
vErrors.push(err114);
}
errors++;
}
}
}
if(data35.address !== undefined){
let data38 = data35.address;
if(typeof data38 === "string"){
if(!pattern11.test(data38)){
const err115 = {instancePath:instancePath+"/dhcp/address",schemaPath:"#/properties/dhcp/oneOf/1/properties/address/pattern",keyword:"pattern",params:{pattern: "^[0-9A-Fa-f.:]{2,45}$"},message:"must match pattern \""+"^[0-9A-Fa-f.:]{2,45}$"+"\""};
if(vErrors === null){
vErrors = [err115];
}
else {
vErrors.push(err115);
}
errors++;
}
}
else {
const err116 = {instancePath:instancePath+"/dhcp/address",schemaPath:"#/properties/dhcp/oneOf/1/properties/address/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err116];
}
else {
vErrors.push(err116);
}
errors++;
}
}
if(data35.prefixLength !== undefined){
let data39 = data35.prefixLength;
if(!(((typeof data39 == "number") && (!(data39 % 1) && !isNaN(data39))) && (isFinite(data39)))){
const err117 = {instancePath:instancePath+"/dhcp/prefixLength",schemaPath:"#/properties/dhcp/oneOf/1/properties/prefixLength/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err117];
}
else {
vErrors.push(err117);
}
errors++;
}
if((typeof data39 == "number") && (isFinite(data39))){
if(data39 > 32 || isNaN(data39)){
const err118 = {instancePath:instancePath+"/dhcp/prefixLength",schemaPath:"#/properties/dhcp/oneOf/1/properties/prefixLength/maximum",keyword:"maximum",params:{comparison: "<=", limit: 32},message:"must be <= 32"};
if(vErrors === null){
vErrors = [err118];
}
else {
vErrors.push(err118);
}
errors++;
}
if(data39 < 0 || isNaN(data39)){
const err119 = {instancePath:instancePath+"/dhcp/prefixLength",schemaPath:"#/properties/dhcp/oneOf/1/properties/prefixLength/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0"};
if(vErrors === null){
vErrors = [err119];
}
else {
vErrors.push(err119);
}
errors++;
}
}
}
if(data35.gateway !== undefined){
let data40 = data35.gateway;
if((typeof data40 !== "string") && (data40 !== null)){
const err120 = {instancePath:instancePath+"/dhcp/gateway",schemaPath:"#/properties/dhcp/oneOf/1/properties/gateway/type",keyword:"type",params:{type: schema31.properties.dhcp.oneOf[1].properties.gateway.type},message:"must be string,null"};
if(vErrors === null){
vErrors = [err120];
}
else {
vErrors.push(err120);
}
errors++;
}
if(typeof data40 === "string"){
if(!pattern11.test(data40)){
const err121 = {instancePath:instancePath+"/dhcp/gateway",schemaPath:"#/properties/dhcp/oneOf/1/properties/gateway/pattern",keyword:"pattern",params:{pattern: "^[0-9A-Fa-f.:]{2,45}$"},message:"must match pattern \""+"^[0-9A-Fa-f.:]{2,45}$"+"\""};
if(vErrors === null){
vErrors = [err121];
}
else {
vErrors.push(err121);
}
errors++;
}
}
}
if(data35.routes !== undefined){
let data41 = data35.routes;
if(Array.isArray(data41)){
const len2 = data41.length;
for(let i2=0; i2<len2; i2++){
let data42 = data41[i2];
if(data42 && typeof data42 == "object" && !Array.isArray(data42)){
if(data42.destination === undefined){
const err122 = {instancePath:instancePath+"/dhcp/routes/" + i2,schemaPath:"#/properties/dhcp/oneOf/1/properties/routes/items/required",keyword:"required",params:{missingProperty: "destination"},message:"must have required property '"+"destination"+"'"};
if(vErrors === null){
vErrors = [err122];
}
else {
vErrors.push(err122);
}
errors++;
}
if(data42.gateway === undefined){
const err123 = {instancePath:instancePath+"/dhcp/routes/" + i2,schemaPath:"#/properties/dhcp/oneOf/1/properties/routes/items/required",keyword:"required",params:{missingProperty: "gateway"},message:"must have required property '"+"gateway"+"'"};
if(vErrors === null){
vErrors = [err123];
}
else {
vErrors.push(err123);
}
errors++;
}
for(const key6 in data42){
if(!((key6 === "destination") || (key6 === "gateway"))){
const err124 = {instancePath:instancePath+"/dhcp/routes/" + i2,schemaPath:"#/properties/dhcp/oneOf/1/properties/routes/items/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key6},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err124];
}
else {
vErrors.push(err124);
}
errors++;
}
}
if(data42.destination !== undefined){
let data43 = data42.destination;
if((typeof data43 !== "string") && (data43 !== null)){
const err125 = {instancePath:instancePath+"/dhcp/routes/" + i2+"/destination",schemaPath:"#/properties/dhcp/oneOf/1/properties/routes/items/properties/destination/type",keyword:"type",params:{type: schema31.properties.dhcp.oneOf[1].properties.routes.items.properties.destination.type},message:"must be string,null"};
if(vErrors === null){
vErrors = [err125];
}
else {
vErrors.push(err125);
}
errors++;
}
if(typeof data43 === "string"){
if(!pattern12.test(data43)){
const err126 = {instancePath:instancePath+"/dhcp/routes/" + i2+"/destination",schemaPath:"#/properties/dhcp/oneOf/1/properties/routes/items/properties/destination/pattern",keyword:"pattern",params:{pattern: "^[0-9A-Fa-f.:]{2,45}/[0-9]{1,3}$"},message:"must match pattern \""+"^[0-9A-Fa-f.:]{2,45}/[0-9]{1,3}$"+"\""};
if(vErrors === null){
vErrors = [err126];
}
else {
vErrors.push(err126);
}
errors++;
}
}
}
if(data42.gateway !== undefined){
let data44 = data42.gateway;
if((typeof data44 !== "string") && (data44 !== null)){
const err127 = {instancePath:instancePath+"/dhcp/routes/" + i2+"/gateway",schemaPath:"#/properties/dhcp/oneOf/1/properties/routes/items/properties/gateway/type",keyword:"type",params:{type: schema31.properties.dhcp.oneOf[1].properties.routes.items.properties.gateway.type},message:"must be string,null"};
if(vErrors === null){
vErrors = [err127];
}
else {
vErrors.push(err127);
}
errors++;
}
if(typeof data44 === "string"){
if(!pattern11.test(data44)){
const err128 = {instancePath:instancePath+"/dhcp/routes/" + i2+"/gateway",schemaPath:"#/properties/dhcp/oneOf/1/properties/routes/items/properties/gateway/pattern",keyword:"pattern",params:{pattern: "^[0-9A-Fa-f.:]{2,45}$"},message:"must match pattern \""+"^[0-9A-Fa-f.:]{2,45}$"+"\""};
if(vErrors === null){
vErrors = [err128];
}
else {
vErrors.push(err128);
}
errors++;
}
}
}
}
else {
const err129 = {instancePath:instancePath+"/dhcp/routes/" + i2,schemaPath:"#/properties/dhcp/oneOf/1/properties/routes/items/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err129];
}
else {
vErrors.push(err129);
}
errors++;
}
}
}
else {
const err130 = {instancePath:instancePath+"/dhcp/routes",schemaPath:"#/properties/dhcp/oneOf/1/properties/routes/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err130];
}
else {
vErrors.push(err130);
}
errors++;
}
}
if(data35.mtu !== undefined){
let data45 = data35.mtu;
if(!(((typeof data45 == "number") && (!(data45 % 1) && !isNaN(data45))) && (isFinite(data45)))){
const err131 = {instancePath:instancePath+"/dhcp/mtu",schemaPath:"#/properties/dhcp/oneOf/1/properties/mtu/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err131];
}
else {
vErrors.push(err131);
}
errors++;
}
if((typeof data45 == "number") && (isFinite(data45))){
if(data45 > 65535 || isNaN(data45)){
const err132 = {instancePath:instancePath+"/dhcp/mtu",schemaPath:"#/properties/dhcp/oneOf/1/properties/mtu/maximum",keyword:"maximum",params:{comparison: "<=", limit: 65535},message:"must be <= 65535"};
if(vErrors === null){
vErrors = [err132];
}
else {
vErrors.push(err132);
}
errors++;
}
if(data45 < 68 || isNaN(data45)){
const err133 = {instancePath:instancePath+"/dhcp/mtu",schemaPath:"#/properties/dhcp/oneOf/1/properties/mtu/minimum",keyword:"minimum",params:{comparison: ">=", limit: 68},message:"must be >= 68"};
if(vErrors === null){
vErrors = [err133];
}
else {
vErrors.push(err133);
}
errors++;
}
}
}
if(data35.serverId !== undefined){
let data46 = data35.serverId;
if(typeof data46 === "string"){
if(!pattern11.test(data46)){
const err134 = {instancePath:instancePath+"/dhcp/serverId",schemaPath:"#/properties/dhcp/oneOf/1/properties/serverId/pattern",keyword:"pattern",params:{pattern: "^[0-9A-Fa-f.:]{2,45}$"},message:"must match pattern \""+"^[0-9A-Fa-f.:]{2,45}$"+"\""};
if(vErrors === null){
vErrors = [err134];
}
else {
vErrors.push(err134);
}
errors++;
}
}
else {
const err135 = {instancePath:instancePath+"/dhcp/serverId",schemaPath:"#/properties/dhcp/oneOf/1/properties/serverId/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err135];
}
else {
vErrors.push(err135);
}
errors++;
}
}
if(data35.bridgeName !== undefined){
let data47 = data35.bridgeName;
if(typeof data47 === "string"){
if(!pattern8.test(data47)){
const err136 = {instancePath:instancePath+"/dhcp/bridgeName",schemaPath:"#/properties/dhcp/oneOf/1/properties/bridgeName/pattern",keyword:"pattern",params:{pattern: "^[^/:\\s]{1,15}$"},message:"must match pattern \""+"^[^/:\\s]{1,15}$"+"\""};
if(vErrors === null){
vErrors = [err136];
}
else {
vErrors.push(err136);
}
errors++;
}
}
else {
const err137 = {instancePath:instancePath+"/dhcp/bridgeName",schemaPath:"#/properties/dhcp/oneOf/1/properties/bridgeName/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err137];
}
else {
vErrors.push(err137);
}
errors++;
}
}
if(data35.leaseSeconds !== undefined){
let data48 = data35.leaseSeconds;
if(!(((typeof data48 == "number") && (!(data48 % 1) && !isNaN(data48))) && (isFinite(data48)))){
const err138 = {instancePath:instancePath+"/dhcp/leaseSeconds",schemaPath:"#/properties/dhcp/oneOf/1/properties/leaseSeconds/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err138];
}
else {
vErrors.push(err138);
}
errors++;
}
if((typeof data48 == "number") && (isFinite(data48))){
if(data48 < 1 || isNaN(data48)){
const err139 = {instancePath:instancePath+"/dhcp/leaseSeconds",schemaPath:"#/properties/dhcp/oneOf/1/properties/leaseSeconds/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1"};
if(vErrors === null){
vErrors = [err139];
}
else {
vErrors.push(err139);
}
errors++;
}
}
}
}
else {
const err140 = {instancePath:instancePath+"/dhcp",schemaPath:"#/properties/dhcp/oneOf/1/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err140];
}
else {
vErrors.push(err140);
}
errors++;
}
var _valid0 = _errs74 === errors;
if(_valid0 && valid9){
valid9 = false;
passing0 = [passing0, 1];
}
else {
if(_valid0){
valid9 = true;
passing0 = 1;
}
}
if(!valid9){
const err141 = {instancePath:instancePath+"/dhcp",schemaPath:"#/properties/dhcp/oneOf",keyword:"oneOf",params:{passingSchemas: passing0},message:"must match exactly one schema in oneOf"};
if(vErrors === null){
vErrors = [err141];
}
else {
vErrors.push(err141);
}
errors++;
}
else {
errors = _errs71;
if(vErrors !== null){
if(_errs71){
vErrors.length = _errs71;
}
else {
vErrors = null;
}
}
}
}
if(data.dhcpv6 !== undefined){
let data49 = data.dhcpv6;
const _errs105 = errors;
let valid14 = false;
let passing1 = null;
const _errs106 = errors;
if(data49 !== null){
const err142 = {instancePath:instancePath+"/dhcpv6",schemaPath:"#/properties/dhcpv6/oneOf/0/type",keyword:"type",params:{type: "null"},message:"must be null"};
if(vErrors === null){
vErrors = [err142];
}
else {
vErrors.push(err142);
}
errors++;
}
var _valid1 = _errs106 === errors;
if(_valid1){
valid14 = true;
passing1 = 0;
}
const _errs108 = errors;
if(data49 && typeof data49 == "object" && !Array.isArray(data49)){
if(data49.bridgeName === undefined){
const err143 = {instancePath:instancePath+"/dhcpv6",schemaPath:"#/properties/dhcpv6/oneOf/1/required",keyword:"required",params:{missingProperty: "bridgeName"},message:"must have required property '"+"bridgeName"+"'"};
if(vErrors === null){
vErrors = [err143];
}
else {
vErrors.push(err143);
}
errors++;
}
if(data49.address === undefined){
const err144 = {instancePath:instancePath+"/dhcpv6",schemaPath:"#/properties/dhcpv6/oneOf/1/required",keyword:"required",params:{missingProperty: "address"},message:"must have required property '"+"address"+"'"};
if(vErrors === null){
vErrors = [err144];
}
else {
vErrors.push(err144);
}
errors++;
}
if(data49.prefixLength === undefined){
const err145 = {instancePath:instancePath+"/dhcpv6",schemaPath:"#/properties/dhcpv6/oneOf/1/required",keyword:"required",params:{missingProperty: "prefixLength"},message:"must have required property '"+"prefixLength"+"'"};
if(vErrors === null){
vErrors = [err145];
}
else {
vErrors.push(err145);
}
errors++;
}
if(data49.advertiseDefaultRouter === undefined){
const err146 = {instancePath:instancePath+"/dhcpv6",schemaPath:"#/properties/dhcpv6/oneOf/1/required",keyword:"required",params:{missingProperty: "advertiseDefaultRouter"},message:"must have required property '"+"advertiseDefaultRouter"+"'"};
if(vErrors === null){
vErrors = [err146];
}
else {
vErrors.push(err146);
}
errors++;
}
if(data49.mtu === undefined){
const err147 = {instancePath:instancePath+"/dhcpv6",schemaPath:"#/properties/dhcpv6/oneOf/1/required",keyword:"required",params:{missingProperty: "mtu"},message:"must have required property '"+"mtu"+"'"};
if(vErrors === null){
vErrors = [err147];
}
else {
vErrors.push(err147);
}
errors++;
}
if(data49.clientMac === undefined){
const err148 = {instancePath:instancePath+"/dhcpv6",schemaPath:"#/properties/dhcpv6/oneOf/1/required",keyword:"required",params:{missingProperty: "clientMac"},message:"must have required property '"+"clientMac"+"'"};
if(vErrors === null){
vErrors = [err148];
}
else {
vErrors.push(err148);
}
errors++;
}
for(const key7 in data49){
if(!((((((((key7 === "bridgeName") || (key7 === "address")) || (key7 === "prefixLength")) || (key7 === "advertiseDefaultRouter")) || (key7 === "mtu")) || (key7 === "clientMac")) || (key7 === "validLifetimeSeconds")) || (key7 === "preferredLifetimeSeconds"))){
const err149 = {instancePath:instancePath+"/dhcpv6",schemaPath:"#/properties/dhcpv6/oneOf/1/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key7},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err149];
}
else {
vErrors.push(err149);
}
errors++;
}
}
if(data49.bridgeName !== undefined){
let data50 = data49.bridgeName;
if(typeof data50 === "string"){
if(!pattern8.test(data50)){
const err150 = {instancePath:instancePath+"/dhcpv6/bridgeName",schemaPath:"#/properties/dhcpv6/oneOf/1/properties/bridgeName/pattern",keyword:"pattern",params:{pattern: "^[^/:\\s]{1,15}$"},message:"must match pattern \""+"^[^/:\\s]{1,15}$"+"\""};
if(vErrors === null){
vErrors = [err150];
}
else {
vErrors.push(err150);
}
errors++;
}
}
else {
const err151 = {instancePath:instancePath+"/dhcpv6/bridgeName",schemaPath:"#/properties/dhcpv6/oneOf/1/properties/bridgeName/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err151];
}
else {
vErrors.push(err151);
}
errors++;
}
}
if(data49.address !== undefined){
let data51 = data49.address;
if(typeof data51 === "string"){
if(!pattern11.test(data51)){
const err152 = {instancePath:instancePath+"/dhcpv6/address",schemaPath:"#/properties/dhcpv6/oneOf/1/properties/address/pattern",keyword:"pattern",params:{pattern: "^[0-9A-Fa-f.:]{2,45}$"},message:"must match pattern \""+"^[0-9A-Fa-f.:]{2,45}$"+"\""};
if(vErrors === null){
vErrors = [err152];
}
else {
vErrors.push(err152);
}
errors++;
}
}
else {
const err153 = {instancePath:instancePath+"/dhcpv6/address",schemaPath:"#/properties/dhcpv6/oneOf/1/properties/address/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err153];
}
else {
vErrors.push(err153);
}
errors++;
}
}
if(data49.prefixLength !== undefined){
let data52 = data49.prefixLength;
if(!(((typeof data52 == "number") && (!(data52 % 1) && !isNaN(data52))) && (isFinite(data52)))){
const err154 = {instancePath:instancePath+"/dhcpv6/prefixLength",schemaPath:"#/properties/dhcpv6/oneOf/1/properties/prefixLength/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err154];
}
else {
vErrors.push(err154);
}
errors++;
}
if((typeof data52 == "number") && (isFinite(data52))){
if(data52 > 128 || isNaN(data52)){
const err155 = {instancePath:instancePath+"/dhcpv6/prefixLength",schemaPath:"#/properties/dhcpv6/oneOf/1/properties/prefixLength/maximum",keyword:"maximum",params:{comparison: "<=", limit: 128},message:"must be <= 128"};
if(vErrors === null){
vErrors = [err155];
}
else {
vErrors.push(err155);
}
errors++;
}
if(data52 < 0 || isNaN(data52)){
const err156 = {instancePath:instancePath+"/dhcpv6/prefixLength",schemaPath:"#/properties/dhcpv6/oneOf/1/properties/prefixLength/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0"};
if(vErrors === null){
vErrors = [err156];
}
else {
vErrors.push(err156);
}
errors++;
}
}
}
if(data49.advertiseDefaultRouter !== undefined){
if(typeof data49.advertiseDefaultRouter !== "boolean"){
const err157 = {instancePath:instancePath+"/dhcpv6/advertiseDefaultRouter",schemaPath:"#/properties/dhcpv6/oneOf/1/properties/advertiseDefaultRouter/type",keyword:"type",params:{type: "boolean"},message:"must be boolean"};
if(vErrors === null){
vErrors = [err157];
}
else {
vErrors.push(err157);
}
errors++;
}
}
if(data49.mtu !== undefined){
let data54 = data49.mtu;
if(!(((typeof data54 == "number") && (!(data54 % 1) && !isNaN(data54))) && (isFinite(data54)))){
const err158 = {instancePath:instancePath+"/dhcpv6/mtu",schemaPath:"#/properties/dhcpv6/oneOf/1/properties/mtu/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err158];
}
else {
vErrors.push(err158);
}
errors++;
}
if((typeof data54 == "number") && (isFinite(data54))){
if(data54 > 65535 || isNaN(data54)){
const err159 = {instancePath:instancePath+"/dhcpv6/mtu",schemaPath:"#/properties/dhcpv6/oneOf/1/properties/mtu/maximum",keyword:"maximum",params:{comparison: "<=", limit: 65535},message:"must be <= 65535"};
if(vErrors === null){
vErrors = [err159];
}
else {
vErrors.push(err159);
}
errors++;
}
if(data54 < 1280 || isNaN(data54)){
const err160 = {instancePath:instancePath+"/dhcpv6/mtu",schemaPath:"#/properties/dhcpv6/oneOf/1/properties/mtu/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1280},message:"must be >= 1280"};
if(vErrors === null){
vErrors = [err160];
}
else {
vErrors.push(err160);
}
errors++;
}
}
}
if(data49.clientMac !== undefined){
let data55 = data49.clientMac;
if((typeof data55 !== "string") && (data55 !== null)){
const err161 = {instancePath:instancePath+"/dhcpv6/clientMac",schemaPath:"#/properties/dhcpv6/oneOf/1/properties/clientMac/type",keyword:"type",params:{type: schema31.properties.dhcpv6.oneOf[1].properties.clientMac.type},message:"must be string,null"};
if(vErrors === null){
vErrors = [err161];
}
else {
vErrors.push(err161);
}
errors++;
}
if(typeof data55 === "string"){
if(!pattern10.test(data55)){
const err162 = {instancePath:instancePath+"/dhcpv6/clientMac",schemaPath:"#/properties/dhcpv6/oneOf/1/properties/clientMac/pattern",keyword:"pattern",params:{pattern: "^[0-9a-f]{2}(:[0-9a-f]{2}){5}$"},message:"must match pattern \""+"^[0-9a-f]{2}(:[0-9a-f]{2}){5}$"+"\""};
if(vErrors === null){
vErrors = [err162];
}
else {
vErrors.push(err162);
}
errors++;
}
}
}
if(data49.validLifetimeSeconds !== undefined){
let data56 = data49.validLifetimeSeconds;
if(!(((typeof data56 == "number") && (!(data56 % 1) && !isNaN(data56))) && (isFinite(data56)))){
const err163 = {instancePath:instancePath+"/dhcpv6/validLifetimeSeconds",schemaPath:"#/properties/dhcpv6/oneOf/1/properties/validLifetimeSeconds/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err163];
}
else {
vErrors.push(err163);
}
errors++;
}
if((typeof data56 == "number") && (isFinite(data56))){
if(data56 > 4294967295 || isNaN(data56)){
const err164 = {instancePath:instancePath+"/dhcpv6/validLifetimeSeconds",schemaPath:"#/properties/dhcpv6/oneOf/1/properties/validLifetimeSeconds/maximum",keyword:"maximum",params:{comparison: "<=", limit: 4294967295},message:"must be <= 4294967295"};
if(vErrors === null){
vErrors = [err164];
}
else {
vErrors.push(err164);
}
errors++;
}
if(data56 < 1 || isNaN(data56)){
const err165 = {instancePath:instancePath+"/dhcpv6/validLifetimeSeconds",schemaPath:"#/properties/dhcpv6/oneOf/1/properties/validLifetimeSeconds/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1"};
if(vErrors === null){
vErrors = [err165];
}
else {
vErrors.push(err165);
}
errors++;
}
}
}
if(data49.preferredLifetimeSeconds !== undefined){
let data57 = data49.preferredLifetimeSeconds;
if(!(((typeof data57 == "number") && (!(data57 % 1) && !isNaN(data57))) && (isFinite(data57)))){
const err166 = {instancePath:instancePath+"/dhcpv6/preferredLifetimeSeconds",schemaPath:"#/properties/dhcpv6/oneOf/1/properties/preferredLifetimeSeconds/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err166];
}
else {
vErrors.push(err166);
}
errors++;
}
if((typeof data57 == "number") && (isFinite(data57))){
if(data57 > 4294967295 || isNaN(data57)){
const err167 = {instancePath:instancePath+"/dhcpv6/preferredLifetimeSeconds",schemaPath:"#/properties/dhcpv6/oneOf/1/properties/preferredLifetimeSeconds/maximum",keyword:"maximum",params:{comparison: "<=", limit: 4294967295},message:"must be <= 4294967295"};
if(vErrors === null){
vErrors = [err167];
}
else {
vErrors.push(err167);
}
errors++;
}
if(data57 < 1 || isNaN(data57)){
const err168 = {instancePath:instancePath+"/dhcpv6/preferredLifetimeSeconds",schemaPath:"#/properties/dhcpv6/oneOf/1/properties/preferredLifetimeSeconds/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1"};
if(vErrors === null){
vErrors = [err168];
}
else {
vErrors.push(err168);
}
errors++;
}
}
}
}
else {
const err169 = {instancePath:instancePath+"/dhcpv6",schemaPath:"#/properties/dhcpv6/oneOf/1/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err169];
}
else {
vErrors.push(err169);
}
errors++;
}
var _valid1 = _errs108 === errors;
if(_valid1 && valid14){
valid14 = false;
passing1 = [passing1, 1];
}
else {
if(_valid1){
valid14 = true;
passing1 = 1;
}
}
if(!valid14){
const err170 = {instancePath:instancePath+"/dhcpv6",schemaPath:"#/properties/dhcpv6/oneOf",keyword:"oneOf",params:{passingSchemas: passing1},message:"must match exactly one schema in oneOf"};
if(vErrors === null){
vErrors = [err170];
}
else {
vErrors.push(err170);
}
errors++;
}
else {
errors = _errs105;
if(vErrors !== null){
if(_errs105){
vErrors.length = _errs105;
}
else {
vErrors = null;
}
}
}
}
if(data.domain !== undefined){
let data58 = data.domain;
if(data58 && typeof data58 == "object" && !Array.isArray(data58)){
if(data58.type === undefined){
const err171 = {instancePath:instancePath+"/domain",schemaPath:"#/properties/domain/required",keyword:"required",params:{missingProperty: "type"},message:"must have required property '"+"type"+"'"};
if(vErrors === null){
vErrors = [err171];
}
else {
vErrors.push(err171);
}
errors++;
}
if(data58.name === undefined){
const err172 = {instancePath:instancePath+"/domain",schemaPath:"#/properties/domain/required",keyword:"required",params:{missingProperty: "name"},message:"must have required property '"+"name"+"'"};
if(vErrors === null){
vErrors = [err172];
}
else {
vErrors.push(err172);
}
errors++;
}
if(data58.model === undefined){
const err173 = {instancePath:instancePath+"/domain",schemaPath:"#/properties/domain/required",keyword:"required",params:{missingProperty: "model"},message:"must have required property '"+"model"+"'"};
if(vErrors === null){
vErrors = [err173];
}
else {
vErrors.push(err173);
}
errors++;
}
for(const key8 in data58){
if(!(func1.call(schema31.properties.domain.properties, key8))){
const err174 = {instancePath:instancePath+"/domain",schemaPath:"#/properties/domain/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key8},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err174];
}
else {
vErrors.push(err174);
}
errors++;
}
}
if(data58.type !== undefined){
let data59 = data58.type;
if(!(((data59 === "ethernet") || (data59 === "user")) || (data59 === "vhostuser"))){
const err175 = {instancePath:instancePath+"/domain/type",schemaPath:"#/properties/domain/properties/type/enum",keyword:"enum",params:{allowedValues: schema31.properties.domain.properties.type.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err175];
}
else {
vErrors.push(err175);
}
errors++;
}
}
if(data58.name !== undefined){
let data60 = data58.name;
if(typeof data60 === "string"){
if(func2(data60) > 63){
const err176 = {instancePath:instancePath+"/domain/name",schemaPath:"#/properties/domain/properties/name/maxLength",keyword:"maxLength",params:{limit: 63},message:"must NOT have more than 63 characters"};
if(vErrors === null){
vErrors = [err176];
}
else {
vErrors.push(err176);
}
errors++;
}
if(func2(data60) < 1){
const err177 = {instancePath:instancePath+"/domain/name",schemaPath:"#/properties/domain/properties/name/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err177];
}
else {
vErrors.push(err177);
}
errors++;
}
if(!pattern6.test(data60)){
const err178 = {instancePath:instancePath+"/domain/name",schemaPath:"#/properties/domain/properties/name/pattern",keyword:"pattern",params:{pattern: "^[A-Za-z0-9_-]+$"},message:"must match pattern \""+"^[A-Za-z0-9_-]+$"+"\""};
if(vErrors === null){
vErrors = [err178];
}
else {
vErrors.push(err178);
}
errors++;
}
}
else {
const err179 = {instancePath:instancePath+"/domain/name",schemaPath:"#/properties/domain/properties/name/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err179];
}
else {
vErrors.push(err179);
}
errors++;
}
}
if(data58.targetDev !== undefined){
let data61 = data58.targetDev;
if(typeof data61 === "string"){
if(!pattern8.test(data61)){
const err180 = {instancePath:instancePath+"/domain/targetDev",schemaPath:"#/properties/domain/properties/targetDev/pattern",keyword:"pattern",params:{pattern: "^[^/:\\s]{1,15}$"},message:"must match pattern \""+"^[^/:\\s]{1,15}$"+"\""};
if(vErrors === null){
vErrors = [err180];
}
else {
vErrors.push(err180);
}
errors++;
}
}
else {
const err181 = {instancePath:instancePath+"/domain/targetDev",schemaPath:"#/properties/domain/properties/targetDev/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err181];
}
else {
vErrors.push(err181);
}
errors++;
}
}
if(data58.mac !== undefined){
let data62 = data58.mac;
if(typeof data62 === "string"){
if(!pattern10.test(data62)){
const err182 = {instancePath:instancePath+"/domain/mac",schemaPath:"#/properties/domain/properties/mac/pattern",keyword:"pattern",params:{pattern: "^[0-9a-f]{2}(:[0-9a-f]{2}){5}$"},message:"must match pattern \""+"^[0-9a-f]{2}(:[0-9a-f]{2}){5}$"+"\""};
if(vErrors === null){
vErrors = [err182];
}
else {
vErrors.push(err182);
}
errors++;
}
}
else {
const err183 = {instancePath:instancePath+"/domain/mac",schemaPath:"#/properties/domain/properties/mac/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err183];
}
else {
vErrors.push(err183);
}
errors++;
}
}
if(data58.mtu !== undefined){
let data63 = data58.mtu;
if(!(((typeof data63 == "number") && (!(data63 % 1) && !isNaN(data63))) && (isFinite(data63)))){
const err184 = {instancePath:instancePath+"/domain/mtu",schemaPath:"#/properties/domain/properties/mtu/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err184];
}
else {
vErrors.push(err184);
}
errors++;
}
if((typeof data63 == "number") && (isFinite(data63))){
if(data63 > 65535 || isNaN(data63)){
const err185 = {instancePath:instancePath+"/domain/mtu",schemaPath:"#/properties/domain/properties/mtu/maximum",keyword:"maximum",params:{comparison: "<=", limit: 65535},message:"must be <= 65535"};
if(vErrors === null){
vErrors = [err185];
}
else {
vErrors.push(err185);
}
errors++;
}
if(data63 < 68 || isNaN(data63)){
const err186 = {instancePath:instancePath+"/domain/mtu",schemaPath:"#/properties/domain/properties/mtu/minimum",keyword:"minimum",params:{comparison: ">=", limit: 68},message:"must be >= 68"};
if(vErrors === null){
vErrors = [err186];
}
else {
vErrors.push(err186);
}
errors++;
}
}
}
if(data58.model !== undefined){
let data64 = data58.model;
if(typeof data64 === "string"){
if(func2(data64) < 1){
const err187 = {instancePath:instancePath+"/domain/model",schemaPath:"#/properties/domain/properties/model/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err187];
}
else {
vErrors.push(err187);
}
errors++;
}
}
else {
const err188 = {instancePath:instancePath+"/domain/model",schemaPath:"#/properties/domain/properties/model/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err188];
}
else {
vErrors.push(err188);
}
errors++;
}
}
if(data58.bootOrder !== undefined){
let data65 = data58.bootOrder;
if(!(((typeof data65 == "number") && (!(data65 % 1) && !isNaN(data65))) && (isFinite(data65)))){
const err189 = {instancePath:instancePath+"/domain/bootOrder",schemaPath:"#/properties/domain/properties/bootOrder/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err189];
}
else {
vErrors.push(err189);
}
errors++;
}
if((typeof data65 == "number") && (isFinite(data65))){
if(data65 < 1 || isNaN(data65)){
const err190 = {instancePath:instancePath+"/domain/bootOrder",schemaPath:"#/properties/domain/properties/bootOrder/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1"};
if(vErrors === null){
vErrors = [err190];
}
else {
vErrors.push(err190);
}
errors++;
}
}
}
if(data58.pciAddress !== undefined){
let data66 = data58.pciAddress;
if(data66 && typeof data66 == "object" && !Array.isArray(data66)){
if(data66.domain === undefined){
const err191 = {instancePath:instancePath+"/domain/pciAddress",schemaPath:"#/properties/domain/properties/pciAddress/required",keyword:"required",params:{missingProperty: "domain"},message:"must have required property '"+"domain"+"'"};
if(vErrors === null){
vErrors = [err191];
}
else {
vErrors.push(err191);
}
errors++;
}
if(data66.bus === undefined){
const err192 = {instancePath:instancePath+"/domain/pciAddress",schemaPath:"#/properties/domain/properties/pciAddress/required",keyword:"required",params:{missingProperty: "bus"},message:"must have required property '"+"bus"+"'"};
if(vErrors === null){
vErrors = [err192];
}
else {
vErrors.push(err192);
}
errors++;
}
if(data66.slot === undefined){
const err193 = {instancePath:instancePath+"/domain/pciAddress",schemaPath:"#/properties/domain/properties/pciAddress/required",keyword:"required",params:{missingProperty: "slot"},message:"must have required property '"+"slot"+"'"};
if(vErrors === null){
vErrors = [err193];
}
else {
vErrors.push(err193);
}
errors++;
}
if(data66.function === undefined){
const err194 = {instancePath:instancePath+"/domain/pciAddress",schemaPath:"#/properties/domain/properties/pciAddress/required",keyword:"required",params:{missingProperty: "function"},message:"must have required property '"+"function"+"'"};
if(vErrors === null){
vErrors = [err194];
}
else {
vErrors.push(err194);
}
errors++;
}
for(const key9 in data66){
if(!((((key9 === "domain") || (key9 === "bus")) || (key9 === "slot")) || (key9 === "function"))){
const err195 = {instancePath:instancePath+"/domain/pciAddress",schemaPath:"#/properties/domain/properties/pciAddress/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key9},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err195];
}
else {
vErrors.push(err195);
}
errors++;
}
}
if(data66.domain !== undefined){
let data67 = data66.domain;
if(typeof data67 === "string"){
if(!pattern29.test(data67)){
const err196 = {instancePath:instancePath+"/domain/pciAddress/domain",schemaPath:"#/properties/domain/properties/pciAddress/properties/domain/pattern",keyword:"pattern",params:{pattern: "^0x[0-9a-f]{4}$"},message:"must match pattern \""+"^0x[0-9a-f]{4}$"+"\""};
if(vErrors === null){
vErrors = [err196];
}
else {
vErrors.push(err196);
}
errors++;
}
}
else {
const err197 = {instancePath:instancePath+"/domain/pciAddress/domain",schemaPath:"#/properties/domain/properties/pciAddress/properties/domain/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err197];
}
else {
vErrors.push(err197);
}
errors++;
}
}
if(data66.bus !== undefined){
let data68 = data66.bus;
if(typeof data68 === "string"){
if(!pattern30.test(data68)){
const err198 = {instancePath:instancePath+"/domain/pciAddress/bus",schemaPath:"#/properties/domain/properties/pciAddress/properties/bus/pattern",keyword:"pattern",params:{pattern: "^0x[0-9a-f]{2}$"},message:"must match pattern \""+"^0x[0-9a-f]{2}$"+"\""};
if(vErrors === null){
vErrors = [err198];
}
else {
vErrors.push(err198);
}
errors++;
}
}
else {
const err199 = {instancePath:instancePath+"/domain/pciAddress/bus",schemaPath:"#/properties/domain/properties/pciAddress/properties/bus/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err199];
}
else {
vErrors.push(err199);
}
errors++;
}
}
if(data66.slot !== undefined){
let data69 = data66.slot;
if(typeof data69 === "string"){
if(!pattern30.test(data69)){
const err200 = {instancePath:instancePath+"/domain/pciAddress/slot",schemaPath:"#/properties/domain/properties/pciAddress/properties/slot/pattern",keyword:"pattern",params:{pattern: "^0x[0-9a-f]{2}$"},message:"must match pattern \""+"^0x[0-9a-f]{2}$"+"\""};
if(vErrors === null){
vErrors = [err200];
}
else {
vErrors.push(err200);
}
errors++;
}
}
else {
const err201 = {instancePath:instancePath+"/domain/pciAddress/slot",schemaPath:"#/properties/domain/properties/pciAddress/properties/slot/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err201];
}
else {
vErrors.push(err201);
}
errors++;
}
}
if(data66.function !== undefined){
let data70 = data66.function;
if(typeof data70 === "string"){
if(!pattern32.test(data70)){
const err202 = {instancePath:instancePath+"/domain/pciAddress/function",schemaPath:"#/properties/domain/properties/pciAddress/properties/function/pattern",keyword:"pattern",params:{pattern: "^0x[0-7]$"},message:"must match pattern \""+"^0x[0-7]$"+"\""};
if(vErrors === null){
vErrors = [err202];
}
else {
vErrors.push(err202);
}
errors++;
}
}
else {
const err203 = {instancePath:instancePath+"/domain/pciAddress/function",schemaPath:"#/properties/domain/properties/pciAddress/properties/function/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err203];
}
else {
vErrors.push(err203);
}
errors++;
}
}
}
else {
const err204 = {instancePath:instancePath+"/domain/pciAddress",schemaPath:"#/properties/domain/properties/pciAddress/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err204];
}
else {
vErrors.push(err204);
}
errors++;
}
}
if(data58.acpiIndex !== undefined){
let data71 = data58.acpiIndex;
if(!(((typeof data71 == "number") && (!(data71 % 1) && !isNaN(data71))) && (isFinite(data71)))){
const err205 = {instancePath:instancePath+"/domain/acpiIndex",schemaPath:"#/properties/domain/properties/acpiIndex/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err205];
}
else {
vErrors.push(err205);
}
errors++;
}
if((typeof data71 == "number") && (isFinite(data71))){
if(data71 > 16383 || isNaN(data71)){
const err206 = {instancePath:instancePath+"/domain/acpiIndex",schemaPath:"#/properties/domain/properties/acpiIndex/maximum",keyword:"maximum",params:{comparison: "<=", limit: 16383},message:"must be <= 16383"};
if(vErrors === null){
vErrors = [err206];
}
else {
vErrors.push(err206);
}
errors++;
}
if(data71 < 1 || isNaN(data71)){
const err207 = {instancePath:instancePath+"/domain/acpiIndex",schemaPath:"#/properties/domain/properties/acpiIndex/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1"};
if(vErrors === null){
vErrors = [err207];
}
else {
vErrors.push(err207);
}
errors++;
}
}
}
if(data58.queues !== undefined){
let data72 = data58.queues;
if(!(((typeof data72 == "number") && (!(data72 % 1) && !isNaN(data72))) && (isFinite(data72)))){
const err208 = {instancePath:instancePath+"/domain/queues",schemaPath:"#/properties/domain/properties/queues/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err208];
}
else {
vErrors.push(err208);
}
errors++;
}
if((typeof data72 == "number") && (isFinite(data72))){
if(data72 > 256 || isNaN(data72)){
const err209 = {instancePath:instancePath+"/domain/queues",schemaPath:"#/properties/domain/properties/queues/maximum",keyword:"maximum",params:{comparison: "<=", limit: 256},message:"must be <= 256"};
if(vErrors === null){
vErrors = [err209];
}
else {
vErrors.push(err209);
}
errors++;
}
if(data72 < 0 || isNaN(data72)){
const err210 = {instancePath:instancePath+"/domain/queues",schemaPath:"#/properties/domain/properties/queues/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0"};
if(vErrors === null){
vErrors = [err210];
}
else {
vErrors.push(err210);
}
errors++;
}
}
}
if(data58.linkState !== undefined){
let data73 = data58.linkState;
if(!((data73 === "up") || (data73 === "down"))){
const err211 = {instancePath:instancePath+"/domain/linkState",schemaPath:"#/properties/domain/properties/linkState/enum",keyword:"enum",params:{allowedValues: schema31.properties.domain.properties.linkState.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err211];
}
else {
vErrors.push(err211);
}
errors++;
}
}
if(data58.sourceDev !== undefined){
let data74 = data58.sourceDev;
if(typeof data74 === "string"){
if(!pattern8.test(data74)){
const err212 = {instancePath:instancePath+"/domain/sourceDev",schemaPath:"#/properties/domain/properties/sourceDev/pattern",keyword:"pattern",params:{pattern: "^[^/:\\s]{1,15}$"},message:"must match pattern \""+"^[^/:\\s]{1,15}$"+"\""};
if(vErrors === null){
vErrors = [err212];
}
else {
vErrors.push(err212);
}
errors++;
}
}
else {
const err213 = {instancePath:instancePath+"/domain/sourceDev",schemaPath:"#/properties/domain/properties/sourceDev/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err213];
}
else {
vErrors.push(err213);
}
errors++;
}
}
if(data58.backend !== undefined){
let data75 = data58.backend;
if(data75 && typeof data75 == "object" && !Array.isArray(data75)){
if(data75.type === undefined){
const err214 = {instancePath:instancePath+"/domain/backend",schemaPath:"#/properties/domain/properties/backend/required",keyword:"required",params:{missingProperty: "type"},message:"must have required property '"+"type"+"'"};
if(vErrors === null){
vErrors = [err214];
}
else {
vErrors.push(err214);
}
errors++;
}
for(const key10 in data75){
if(!((key10 === "type") || (key10 === "logFile"))){
const err215 = {instancePath:instancePath+"/domain/backend",schemaPath:"#/properties/domain/properties/backend/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key10},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err215];
}
else {
vErrors.push(err215);
}
errors++;
}
}
if(data75.type !== undefined){
if("passt" !== data75.type){
const err216 = {instancePath:instancePath+"/domain/backend/type",schemaPath:"#/properties/domain/properties/backend/properties/type/const",keyword:"const",params:{allowedValue: "passt"},message:"must be equal to constant"};
if(vErrors === null){
vErrors = [err216];
}
else {
vErrors.push(err216);
}
errors++;
}
}
if(data75.logFile !== undefined){
if(typeof data75.logFile !== "string"){
const err217 = {instancePath:instancePath+"/domain/backend/logFile",schemaPath:"#/properties/domain/properties/backend/properties/logFile/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err217];
}
else {
vErrors.push(err217);
}
errors++;
}
}
}
else {
const err218 = {instancePath:instancePath+"/domain/backend",schemaPath:"#/properties/domain/properties/backend/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err218];
}
else {
vErrors.push(err218);
}
errors++;
}
}
if(data58.portForwards !== undefined){
let data78 = data58.portForwards;
if(Array.isArray(data78)){
const len3 = data78.length;
for(let i3=0; i3<len3; i3++){
let data79 = data78[i3];
if(data79 && typeof data79 == "object" && !Array.isArray(data79)){
if(data79.proto === undefined){
const err219 = {instancePath:instancePath+"/domain/portForwards/" + i3,schemaPath:"#/properties/domain/properties/portForwards/items/required",keyword:"required",params:{missingProperty: "proto"},message:"must have required property '"+"proto"+"'"};
if(vErrors === null){
vErrors = [err219];
}
else {
vErrors.push(err219);
}
errors++;
}
if(data79.ranges === undefined){
const err220 = {instancePath:instancePath+"/domain/portForwards/" + i3,schemaPath:"#/properties/domain/properties/portForwards/items/required",keyword:"required",params:{missingProperty: "ranges"},message:"must have required property '"+"ranges"+"'"};
if(vErrors === null){
vErrors = [err220];
}
else {
vErrors.push(err220);
}
errors++;
}
for(const key11 in data79){
if(!((key11 === "proto") || (key11 === "ranges"))){
const err221 = {instancePath:instancePath+"/domain/portForwards/" + i3,schemaPath:"#/properties/domain/properties/portForwards/items/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key11},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err221];
}
else {
vErrors.push(err221);
}
errors++;
}
}
if(data79.proto !== undefined){
let data80 = data79.proto;
if(!((data80 === "tcp") || (data80 === "udp"))){
const err222 = {instancePath:instancePath+"/domain/portForwards/" + i3+"/proto",schemaPath:"#/properties/domain/properties/portForwards/items/properties/proto/enum",keyword:"enum",params:{allowedValues: schema31.properties.domain.properties.portForwards.items.properties.proto.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err222];
}
else {
vErrors.push(err222);
}
errors++;
}
}
if(data79.ranges !== undefined){
let data81 = data79.ranges;
if(Array.isArray(data81)){
const len4 = data81.length;
for(let i4=0; i4<len4; i4++){
let data82 = data81[i4];
if(data82 && typeof data82 == "object" && !Array.isArray(data82)){
if(data82.start === undefined){
const err223 = {instancePath:instancePath+"/domain/portForwards/" + i3+"/ranges/" + i4,schemaPath:"#/properties/domain/properties/portForwards/items/properties/ranges/items/required",keyword:"required",params:{missingProperty: "start"},message:"must have required property '"+"start"+"'"};
if(vErrors === null){
vErrors = [err223];
}
else {
vErrors.push(err223);
}
errors++;
}
for(const key12 in data82){
if(!(((key12 === "start") || (key12 === "end")) || (key12 === "exclude"))){
const err224 = {instancePath:instancePath+"/domain/portForwards/" + i3+"/ranges/" + i4,schemaPath:"#/properties/domain/properties/portForwards/items/properties/ranges/items/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key12},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err224];
}
else {
vErrors.push(err224);
}
errors++;
}
}
if(data82.start !== undefined){
let data83 = data82.start;
if(!(((typeof data83 == "number") && (!(data83 % 1) && !isNaN(data83))) && (isFinite(data83)))){
const err225 = {instancePath:instancePath+"/domain/portForwards/" + i3+"/ranges/" + i4+"/start",schemaPath:"#/properties/domain/properties/portForwards/items/properties/ranges/items/properties/start/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err225];
}
else {
vErrors.push(err225);
}
errors++;
}
if((typeof data83 == "number") && (isFinite(data83))){
if(data83 > 65535 || isNaN(data83)){
const err226 = {instancePath:instancePath+"/domain/portForwards/" + i3+"/ranges/" + i4+"/start",schemaPath:"#/properties/domain/properties/portForwards/items/properties/ranges/items/properties/start/maximum",keyword:"maximum",params:{comparison: "<=", limit: 65535},message:"must be <= 65535"};
if(vErrors === null){
vErrors = [err226];
}
else {
vErrors.push(err226);
}
errors++;
}
if(data83 < 1 || isNaN(data83)){
const err227 = {instancePath:instancePath+"/domain/portForwards/" + i3+"/ranges/" + i4+"/start",schemaPath:"#/properties/domain/properties/portForwards/items/properties/ranges/items/properties/start/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1"};
if(vErrors === null){
vErrors = [err227];
}
else {
vErrors.push(err227);
}
errors++;
}
}
}
if(data82.end !== undefined){
let data84 = data82.end;
if(!(((typeof data84 == "number") && (!(data84 % 1) && !isNaN(data84))) && (isFinite(data84)))){
const err228 = {instancePath:instancePath+"/domain/portForwards/" + i3+"/ranges/" + i4+"/end",schemaPath:"#/properties/domain/properties/portForwards/items/properties/ranges/items/properties/end/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err228];
}
else {
vErrors.push(err228);
}
errors++;
}
if((typeof data84 == "number") && (isFinite(data84))){
if(data84 > 65535 || isNaN(data84)){
const err229 = {instancePath:instancePath+"/domain/portForwards/" + i3+"/ranges/" + i4+"/end",schemaPath:"#/properties/domain/properties/portForwards/items/properties/ranges/items/properties/end/maximum",keyword:"maximum",params:{comparison: "<=", limit: 65535},message:"must be <= 65535"};
if(vErrors === null){
vErrors = [err229];
}
else {
vErrors.push(err229);
}
errors++;
}
if(data84 < 1 || isNaN(data84)){
const err230 = {instancePath:instancePath+"/domain/portForwards/" + i3+"/ranges/" + i4+"/end",schemaPath:"#/properties/domain/properties/portForwards/items/properties/ranges/items/properties/end/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1"};
if(vErrors === null){
vErrors = [err230];
}
else {
vErrors.push(err230);
}
errors++;
}
}
}
if(data82.exclude !== undefined){
if(typeof data82.exclude !== "boolean"){
const err231 = {instancePath:instancePath+"/domain/portForwards/" + i3+"/ranges/" + i4+"/exclude",schemaPath:"#/properties/domain/properties/portForwards/items/properties/ranges/items/properties/exclude/type",keyword:"type",params:{type: "boolean"},message:"must be boolean"};
if(vErrors === null){
vErrors = [err231];
}
else {
vErrors.push(err231);
}
errors++;
}
}
}
else {
const err232 = {instancePath:instancePath+"/domain/portForwards/" + i3+"/ranges/" + i4,schemaPath:"#/properties/domain/properties/portForwards/items/properties/ranges/items/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err232];
}
else {
vErrors.push(err232);
}
errors++;
}
}
}
else {
const err233 = {instancePath:instancePath+"/domain/portForwards/" + i3+"/ranges",schemaPath:"#/properties/domain/properties/portForwards/items/properties/ranges/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err233];
}
else {
vErrors.push(err233);
}
errors++;
}
}
}
else {
const err234 = {instancePath:instancePath+"/domain/portForwards/" + i3,schemaPath:"#/properties/domain/properties/portForwards/items/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err234];
}
else {
vErrors.push(err234);
}
errors++;
}
}
}
else {
const err235 = {instancePath:instancePath+"/domain/portForwards",schemaPath:"#/properties/domain/properties/portForwards/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err235];
}
else {
vErrors.push(err235);
}
errors++;
}
}
}
else {
const err236 = {instancePath:instancePath+"/domain",schemaPath:"#/properties/domain/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err236];
}
else {
vErrors.push(err236);
}
errors++;
}
}
if(data.plan !== undefined){
let data86 = data.plan;
if(data86 && typeof data86 == "object" && !Array.isArray(data86)){
if(data86.spec === undefined){
const err237 = {instancePath:instancePath+"/plan",schemaPath:"#/properties/plan/required",keyword:"required",params:{missingProperty: "spec"},message:"must have required property '"+"spec"+"'"};
if(vErrors === null){
vErrors = [err237];
}
else {
vErrors.push(err237);
}
errors++;
}
if(data86.nft === undefined){
const err238 = {instancePath:instancePath+"/plan",schemaPath:"#/properties/plan/required",keyword:"required",params:{missingProperty: "nft"},message:"must have required property '"+"nft"+"'"};
if(vErrors === null){
vErrors = [err238];
}
else {
vErrors.push(err238);
}
errors++;
}
for(const key13 in data86){
if(!(((key13 === "spec") || (key13 === "nft")) || (key13 === "devices"))){
const err239 = {instancePath:instancePath+"/plan",schemaPath:"#/properties/plan/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key13},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err239];
}
else {
vErrors.push(err239);
}
errors++;
}
}
if(data86.spec !== undefined){
let data87 = data86.spec;
if(data87 && typeof data87 == "object" && !Array.isArray(data87)){
if(data87.links === undefined){
const err240 = {instancePath:instancePath+"/plan/spec",schemaPath:"#/properties/plan/properties/spec/required",keyword:"required",params:{missingProperty: "links"},message:"must have required property '"+"links"+"'"};
if(vErrors === null){
vErrors = [err240];
}
else {
vErrors.push(err240);
}
errors++;
}
if(data87.sysctls === undefined){
const err241 = {instancePath:instancePath+"/plan/spec",schemaPath:"#/properties/plan/properties/spec/required",keyword:"required",params:{missingProperty: "sysctls"},message:"must have required property '"+"sysctls"+"'"};
if(vErrors === null){
vErrors = [err241];
}
else {
vErrors.push(err241);
}
errors++;
}
for(const key14 in data87){
if(!((key14 === "links") || (key14 === "sysctls"))){
const err242 = {instancePath:instancePath+"/plan/spec",schemaPath:"#/properties/plan/properties/spec/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key14},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err242];
}
else {
vErrors.push(err242);
}
errors++;
}
}
if(data87.links !== undefined){
let data88 = data87.links;
if(Array.isArray(data88)){
const len5 = data88.length;
for(let i5=0; i5<len5; i5++){
let data89 = data88[i5];
if(data89 && typeof data89 == "object" && !Array.isArray(data89)){
if(data89.name === undefined){
const err243 = {instancePath:instancePath+"/plan/spec/links/" + i5,schemaPath:"#/properties/plan/properties/spec/properties/links/items/required",keyword:"required",params:{missingProperty: "name"},message:"must have required property '"+"name"+"'"};
if(vErrors === null){
vErrors = [err243];
}
else {
vErrors.push(err243);
}
errors++;
}
if(data89.kind === undefined){
const err244 = {instancePath:instancePath+"/plan/spec/links/" + i5,schemaPath:"#/properties/plan/properties/spec/properties/links/items/required",keyword:"required",params:{missingProperty: "kind"},message:"must have required property '"+"kind"+"'"};
if(vErrors === null){
vErrors = [err244];
}
else {
vErrors.push(err244);
}
errors++;
}
if(data89.state === undefined){
const err245 = {instancePath:instancePath+"/plan/spec/links/" + i5,schemaPath:"#/properties/plan/properties/spec/properties/links/items/required",keyword:"required",params:{missingProperty: "state"},message:"must have required property '"+"state"+"'"};
if(vErrors === null){
vErrors = [err245];
}
else {
vErrors.push(err245);
}
errors++;
}
for(const key15 in data89){
if(!(func1.call(schema31.properties.plan.properties.spec.properties.links.items.properties, key15))){
const err246 = {instancePath:instancePath+"/plan/spec/links/" + i5,schemaPath:"#/properties/plan/properties/spec/properties/links/items/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key15},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err246];
}
else {
vErrors.push(err246);
}
errors++;
}
}
if(data89.name !== undefined){
let data90 = data89.name;
if(typeof data90 === "string"){
if(!pattern8.test(data90)){
const err247 = {instancePath:instancePath+"/plan/spec/links/" + i5+"/name",schemaPath:"#/properties/plan/properties/spec/properties/links/items/properties/name/pattern",keyword:"pattern",params:{pattern: "^[^/:\\s]{1,15}$"},message:"must match pattern \""+"^[^/:\\s]{1,15}$"+"\""};
if(vErrors === null){
vErrors = [err247];
}
else {
vErrors.push(err247);
}
errors++;
}
}
else {
const err248 = {instancePath:instancePath+"/plan/spec/links/" + i5+"/name",schemaPath:"#/properties/plan/properties/spec/properties/links/items/properties/name/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err248];
}
else {
vErrors.push(err248);
}
errors++;
}
}
if(data89.kind !== undefined){
let data91 = data89.kind;
if(!(((((data91 === "bridge") || (data91 === "tap")) || (data91 === "dummy")) || (data91 === "ifb")) || (data91 === "existing"))){
const err249 = {instancePath:instancePath+"/plan/spec/links/" + i5+"/kind",schemaPath:"#/properties/plan/properties/spec/properties/links/items/properties/kind/enum",keyword:"enum",params:{allowedValues: schema31.properties.plan.properties.spec.properties.links.items.properties.kind.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err249];
}
else {
vErrors.push(err249);
}
errors++;
}
}
if(data89.index !== undefined){
let data92 = data89.index;
if(!(((typeof data92 == "number") && (!(data92 % 1) && !isNaN(data92))) && (isFinite(data92)))){
const err250 = {instancePath:instancePath+"/plan/spec/links/" + i5+"/index",schemaPath:"#/properties/plan/properties/spec/properties/links/items/properties/index/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err250];
}
else {
vErrors.push(err250);
}
errors++;
}
if((typeof data92 == "number") && (isFinite(data92))){
if(data92 < 1 || isNaN(data92)){
const err251 = {instancePath:instancePath+"/plan/spec/links/" + i5+"/index",schemaPath:"#/properties/plan/properties/spec/properties/links/items/properties/index/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1"};
if(vErrors === null){
vErrors = [err251];
}
else {
vErrors.push(err251);
}
errors++;
}
}
}
if(data89.state !== undefined){
let data93 = data89.state;
if(!(((data93 === "up") || (data93 === "down")) || (data93 === "absent"))){
const err252 = {instancePath:instancePath+"/plan/spec/links/" + i5+"/state",schemaPath:"#/properties/plan/properties/spec/properties/links/items/properties/state/enum",keyword:"enum",params:{allowedValues: schema31.properties.plan.properties.spec.properties.links.items.properties.state.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err252];
}
else {
vErrors.push(err252);
}
errors++;
}
}
if(data89.mac !== undefined){
let data94 = data89.mac;
if(typeof data94 === "string"){
if(!pattern10.test(data94)){
const err253 = {instancePath:instancePath+"/plan/spec/links/" + i5+"/mac",schemaPath:"#/properties/plan/properties/spec/properties/links/items/properties/mac/pattern",keyword:"pattern",params:{pattern: "^[0-9a-f]{2}(:[0-9a-f]{2}){5}$"},message:"must match pattern \""+"^[0-9a-f]{2}(:[0-9a-f]{2}){5}$"+"\""};
if(vErrors === null){
vErrors = [err253];
}
else {
vErrors.push(err253);
}
errors++;
}
}
else {
const err254 = {instancePath:instancePath+"/plan/spec/links/" + i5+"/mac",schemaPath:"#/properties/plan/properties/spec/properties/links/items/properties/mac/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err254];
}
else {
vErrors.push(err254);
}
errors++;
}
}
if(data89.copyMacFrom !== undefined){
let data95 = data89.copyMacFrom;
if(typeof data95 === "string"){
if(!pattern8.test(data95)){
const err255 = {instancePath:instancePath+"/plan/spec/links/" + i5+"/copyMacFrom",schemaPath:"#/properties/plan/properties/spec/properties/links/items/properties/copyMacFrom/pattern",keyword:"pattern",params:{pattern: "^[^/:\\s]{1,15}$"},message:"must match pattern \""+"^[^/:\\s]{1,15}$"+"\""};
if(vErrors === null){
vErrors = [err255];
}
else {
vErrors.push(err255);
}
errors++;
}
}
else {
const err256 = {instancePath:instancePath+"/plan/spec/links/" + i5+"/copyMacFrom",schemaPath:"#/properties/plan/properties/spec/properties/links/items/properties/copyMacFrom/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err256];
}
else {
vErrors.push(err256);
}
errors++;
}
}
if(data89.mtu !== undefined){
let data96 = data89.mtu;
if(!(((typeof data96 == "number") && (!(data96 % 1) && !isNaN(data96))) && (isFinite(data96)))){
const err257 = {instancePath:instancePath+"/plan/spec/links/" + i5+"/mtu",schemaPath:"#/properties/plan/properties/spec/properties/links/items/properties/mtu/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err257];
}
else {
vErrors.push(err257);
}
errors++;
}
if((typeof data96 == "number") && (isFinite(data96))){
if(data96 > 65535 || isNaN(data96)){
const err258 = {instancePath:instancePath+"/plan/spec/links/" + i5+"/mtu",schemaPath:"#/properties/plan/properties/spec/properties/links/items/properties/mtu/maximum",keyword:"maximum",params:{comparison: "<=", limit: 65535},message:"must be <= 65535"};
if(vErrors === null){
vErrors = [err258];
}
else {
vErrors.push(err258);
}
errors++;
}
if(data96 < 68 || isNaN(data96)){
const err259 = {instancePath:instancePath+"/plan/spec/links/" + i5+"/mtu",schemaPath:"#/properties/plan/properties/spec/properties/links/items/properties/mtu/minimum",keyword:"minimum",params:{comparison: ">=", limit: 68},message:"must be >= 68"};
if(vErrors === null){
vErrors = [err259];
}
else {
vErrors.push(err259);
}
errors++;
}
}
}
if(data89.master !== undefined){
let data97 = data89.master;
if((typeof data97 !== "string") && (data97 !== null)){
const err260 = {instancePath:instancePath+"/plan/spec/links/" + i5+"/master",schemaPath:"#/properties/plan/properties/spec/properties/links/items/properties/master/type",keyword:"type",params:{type: schema31.properties.plan.properties.spec.properties.links.items.properties.master.type},message:"must be string,null"};
if(vErrors === null){
vErrors = [err260];
}
else {
vErrors.push(err260);
}
errors++;
}
if(typeof data97 === "string"){
if(!pattern8.test(data97)){
const err261 = {instancePath:instancePath+"/plan/spec/links/" + i5+"/master",schemaPath:"#/properties/plan/properties/spec/properties/links/items/properties/master/pattern",keyword:"pattern",params:{pattern: "^[^/:\\s]{1,15}$"},message:"must match pattern \""+"^[^/:\\s]{1,15}$"+"\""};
if(vErrors === null){
vErrors = [err261];
}
else {
vErrors.push(err261);
}
errors++;
}
}
}
if(data89.addresses !== undefined){
let data98 = data89.addresses;
if(Array.isArray(data98)){
const len6 = data98.length;
for(let i6=0; i6<len6; i6++){
let data99 = data98[i6];
if(data99 && typeof data99 == "object" && !Array.isArray(data99)){
if(data99.family === undefined){
const err262 = {instancePath:instancePath+"/plan/spec/links/" + i5+"/addresses/" + i6,schemaPath:"#/properties/plan/properties/spec/properties/links/items/properties/addresses/items/required",keyword:"required",params:{missingProperty: "family"},message:"must have required property '"+"family"+"'"};
if(vErrors === null){
vErrors = [err262];
}
else {
vErrors.push(err262);
}
errors++;
}
if(data99.address === undefined){
const err263 = {instancePath:instancePath+"/plan/spec/links/" + i5+"/addresses/" + i6,schemaPath:"#/properties/plan/properties/spec/properties/links/items/properties/addresses/items/required",keyword:"required",params:{missingProperty: "address"},message:"must have required property '"+"address"+"'"};
if(vErrors === null){
vErrors = [err263];
}
else {
vErrors.push(err263);
}
errors++;
}
if(data99.prefixLength === undefined){
const err264 = {instancePath:instancePath+"/plan/spec/links/" + i5+"/addresses/" + i6,schemaPath:"#/properties/plan/properties/spec/properties/links/items/properties/addresses/items/required",keyword:"required",params:{missingProperty: "prefixLength"},message:"must have required property '"+"prefixLength"+"'"};
if(vErrors === null){
vErrors = [err264];
}
else {
vErrors.push(err264);
}
errors++;
}
for(const key16 in data99){
if(!((((key16 === "family") || (key16 === "address")) || (key16 === "prefixLength")) || (key16 === "scope"))){
const err265 = {instancePath:instancePath+"/plan/spec/links/" + i5+"/addresses/" + i6,schemaPath:"#/properties/plan/properties/spec/properties/links/items/properties/addresses/items/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key16},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err265];
}
else {
vErrors.push(err265);
}
errors++;
}
}
if(data99.family !== undefined){
let data100 = data99.family;
if(!(((typeof data100 == "number") && (!(data100 % 1) && !isNaN(data100))) && (isFinite(data100)))){
const err266 = {instancePath:instancePath+"/plan/spec/links/" + i5+"/addresses/" + i6+"/family",schemaPath:"#/properties/plan/properties/spec/properties/links/items/properties/addresses/items/properties/family/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err266];
}
else {
vErrors.push(err266);
}
errors++;
}
if(!((data100 === 4) || (data100 === 6))){
const err267 = {instancePath:instancePath+"/plan/spec/links/" + i5+"/addresses/" + i6+"/family",schemaPath:"#/properties/plan/properties/spec/properties/links/items/properties/addresses/items/properties/family/enum",keyword:"enum",params:{allowedValues: schema31.properties.plan.properties.spec.properties.links.items.properties.addresses.items.properties.family.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err267];
}
else {
vErrors.push(err267);
}
errors++;
}
}
if(data99.address !== undefined){
let data101 = data99.address;
if(typeof data101 === "string"){
if(!pattern11.test(data101)){
const err268 = {instancePath:instancePath+"/plan/spec/links/" + i5+"/addresses/" + i6+"/address",schemaPath:"#/properties/plan/properties/spec/properties/links/items/properties/addresses/items/properties/address/pattern",keyword:"pattern",params:{pattern: "^[0-9A-Fa-f.:]{2,45}$"},message:"must match pattern \""+"^[0-9A-Fa-f.:]{2,45}$"+"\""};
if(vErrors === null){
vErrors = [err268];
}
else {
vErrors.push(err268);
}
errors++;
}
}
else {
const err269 = {instancePath:instancePath+"/plan/spec/links/" + i5+"/addresses/" + i6+"/address",schemaPath:"#/properties/plan/properties/spec/properties/links/items/properties/addresses/items/properties/address/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err269];
}
else {
vErrors.push(err269);
}
errors++;
}
}
if(data99.prefixLength !== undefined){
let data102 = data99.prefixLength;
if(!(((typeof data102 == "number") && (!(data102 % 1) && !isNaN(data102))) && (isFinite(data102)))){
const err270 = {instancePath:instancePath+"/plan/spec/links/" + i5+"/addresses/" + i6+"/prefixLength",schemaPath:"#/properties/plan/properties/spec/properties/links/items/properties/addresses/items/properties/prefixLength/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err270];
}
else {
vErrors.push(err270);
}
errors++;
}
if((typeof data102 == "number") && (isFinite(data102))){
if(data102 > 128 || isNaN(data102)){
const err271 = {instancePath:instancePath+"/plan/spec/links/" + i5+"/addresses/" + i6+"/prefixLength",schemaPath:"#/properties/plan/properties/spec/properties/links/items/properties/addresses/items/properties/prefixLength/maximum",keyword:"maximum",params:{comparison: "<=", limit: 128},message:"must be <= 128"};
if(vErrors === null){
vErrors = [err271];
}
else {
vErrors.push(err271);
}
errors++;
}
if(data102 < 0 || isNaN(data102)){
const err272 = {instancePath:instancePath+"/plan/spec/links/" + i5+"/addresses/" + i6+"/prefixLength",schemaPath:"#/properties/plan/properties/spec/properties/links/items/properties/addresses/items/properties/prefixLength/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0"};
if(vErrors === null){
vErrors = [err272];
}
else {
vErrors.push(err272);
}
errors++;
}
}
}
if(data99.scope !== undefined){
let data103 = data99.scope;
if(!(((data103 === "global") || (data103 === "link")) || (data103 === "host"))){
const err273 = {instancePath:instancePath+"/plan/spec/links/" + i5+"/addresses/" + i6+"/scope",schemaPath:"#/properties/plan/properties/spec/properties/links/items/properties/addresses/items/properties/scope/enum",keyword:"enum",params:{allowedValues: schema31.properties.plan.properties.spec.properties.links.items.properties.addresses.items.properties.scope.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err273];
}
else {
vErrors.push(err273);
}
errors++;
}
}
}
else {
const err274 = {instancePath:instancePath+"/plan/spec/links/" + i5+"/addresses/" + i6,schemaPath:"#/properties/plan/properties/spec/properties/links/items/properties/addresses/items/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err274];
}
else {
vErrors.push(err274);
}
errors++;
}
}
}
else {
const err275 = {instancePath:instancePath+"/plan/spec/links/" + i5+"/addresses",schemaPath:"#/properties/plan/properties/spec/properties/links/items/properties/addresses/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err275];
}
else {
vErrors.push(err275);
}
errors++;
}
}
if(data89.learning !== undefined){
if(typeof data89.learning !== "boolean"){
const err276 = {instancePath:instancePath+"/plan/spec/links/" + i5+"/learning",schemaPath:"#/properties/plan/properties/spec/properties/links/items/properties/learning/type",keyword:"type",params:{type: "boolean"},message:"must be boolean"};
if(vErrors === null){
vErrors = [err276];
}
else {
vErrors.push(err276);
}
errors++;
}
}
if(data89.routeLocalnet !== undefined){
if(typeof data89.routeLocalnet !== "boolean"){
const err277 = {instancePath:instancePath+"/plan/spec/links/" + i5+"/routeLocalnet",schemaPath:"#/properties/plan/properties/spec/properties/links/items/properties/routeLocalnet/type",keyword:"type",params:{type: "boolean"},message:"must be boolean"};
if(vErrors === null){
vErrors = [err277];
}
else {
vErrors.push(err277);
}
errors++;
}
}
if(data89.tap !== undefined){
let data106 = data89.tap;
if(data106 && typeof data106 == "object" && !Array.isArray(data106)){
if(data106.uid === undefined){
const err278 = {instancePath:instancePath+"/plan/spec/links/" + i5+"/tap",schemaPath:"#/properties/plan/properties/spec/properties/links/items/properties/tap/required",keyword:"required",params:{missingProperty: "uid"},message:"must have required property '"+"uid"+"'"};
if(vErrors === null){
vErrors = [err278];
}
else {
vErrors.push(err278);
}
errors++;
}
if(data106.gid === undefined){
const err279 = {instancePath:instancePath+"/plan/spec/links/" + i5+"/tap",schemaPath:"#/properties/plan/properties/spec/properties/links/items/properties/tap/required",keyword:"required",params:{missingProperty: "gid"},message:"must have required property '"+"gid"+"'"};
if(vErrors === null){
vErrors = [err279];
}
else {
vErrors.push(err279);
}
errors++;
}
if(data106.queues === undefined){
const err280 = {instancePath:instancePath+"/plan/spec/links/" + i5+"/tap",schemaPath:"#/properties/plan/properties/spec/properties/links/items/properties/tap/required",keyword:"required",params:{missingProperty: "queues"},message:"must have required property '"+"queues"+"'"};
if(vErrors === null){
vErrors = [err280];
}
else {
vErrors.push(err280);
}
errors++;
}
for(const key17 in data106){
if(!(((key17 === "uid") || (key17 === "gid")) || (key17 === "queues"))){
const err281 = {instancePath:instancePath+"/plan/spec/links/" + i5+"/tap",schemaPath:"#/properties/plan/properties/spec/properties/links/items/properties/tap/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key17},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err281];
}
else {
vErrors.push(err281);
}
errors++;
}
}
if(data106.uid !== undefined){
let data107 = data106.uid;
if(!(((typeof data107 == "number") && (!(data107 % 1) && !isNaN(data107))) && (isFinite(data107)))){
const err282 = {instancePath:instancePath+"/plan/spec/links/" + i5+"/tap/uid",schemaPath:"#/properties/plan/properties/spec/properties/links/items/properties/tap/properties/uid/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err282];
}
else {
vErrors.push(err282);
}
errors++;
}
if((typeof data107 == "number") && (isFinite(data107))){
if(data107 < 0 || isNaN(data107)){
const err283 = {instancePath:instancePath+"/plan/spec/links/" + i5+"/tap/uid",schemaPath:"#/properties/plan/properties/spec/properties/links/items/properties/tap/properties/uid/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0"};
if(vErrors === null){
vErrors = [err283];
}
else {
vErrors.push(err283);
}
errors++;
}
}
}
if(data106.gid !== undefined){
let data108 = data106.gid;
if(!(((typeof data108 == "number") && (!(data108 % 1) && !isNaN(data108))) && (isFinite(data108)))){
const err284 = {instancePath:instancePath+"/plan/spec/links/" + i5+"/tap/gid",schemaPath:"#/properties/plan/properties/spec/properties/links/items/properties/tap/properties/gid/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err284];
}
else {
vErrors.push(err284);
}
errors++;
}
if((typeof data108 == "number") && (isFinite(data108))){
if(data108 < 0 || isNaN(data108)){
const err285 = {instancePath:instancePath+"/plan/spec/links/" + i5+"/tap/gid",schemaPath:"#/properties/plan/properties/spec/properties/links/items/properties/tap/properties/gid/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0"};
if(vErrors === null){
vErrors = [err285];
}
else {
vErrors.push(err285);
}
errors++;
}
}
}
if(data106.queues !== undefined){
let data109 = data106.queues;
if(!(((typeof data109 == "number") && (!(data109 % 1) && !isNaN(data109))) && (isFinite(data109)))){
const err286 = {instancePath:instancePath+"/plan/spec/links/" + i5+"/tap/queues",schemaPath:"#/properties/plan/properties/spec/properties/links/items/properties/tap/properties/queues/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err286];
}
else {
vErrors.push(err286);
}
errors++;
}
if((typeof data109 == "number") && (isFinite(data109))){
if(data109 > 256 || isNaN(data109)){
const err287 = {instancePath:instancePath+"/plan/spec/links/" + i5+"/tap/queues",schemaPath:"#/properties/plan/properties/spec/properties/links/items/properties/tap/properties/queues/maximum",keyword:"maximum",params:{comparison: "<=", limit: 256},message:"must be <= 256"};
if(vErrors === null){
vErrors = [err287];
}
else {
vErrors.push(err287);
}
errors++;
}
if(data109 < 0 || isNaN(data109)){
const err288 = {instancePath:instancePath+"/plan/spec/links/" + i5+"/tap/queues",schemaPath:"#/properties/plan/properties/spec/properties/links/items/properties/tap/properties/queues/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0"};
if(vErrors === null){
vErrors = [err288];
}
else {
vErrors.push(err288);
}
errors++;
}
}
}
}
else {
const err289 = {instancePath:instancePath+"/plan/spec/links/" + i5+"/tap",schemaPath:"#/properties/plan/properties/spec/properties/links/items/properties/tap/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err289];
}
else {
vErrors.push(err289);
}
errors++;
}
}
}
else {
const err290 = {instancePath:instancePath+"/plan/spec/links/" + i5,schemaPath:"#/properties/plan/properties/spec/properties/links/items/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err290];
}
else {
vErrors.push(err290);
}
errors++;
}
}
}
else {
const err291 = {instancePath:instancePath+"/plan/spec/links",schemaPath:"#/properties/plan/properties/spec/properties/links/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err291];
}
else {
vErrors.push(err291);
}
errors++;
}
}
if(data87.sysctls !== undefined){
let data110 = data87.sysctls;
if(Array.isArray(data110)){
const len7 = data110.length;
for(let i7=0; i7<len7; i7++){
let data111 = data110[i7];
if(data111 && typeof data111 == "object" && !Array.isArray(data111)){
if(data111.path === undefined){
const err292 = {instancePath:instancePath+"/plan/spec/sysctls/" + i7,schemaPath:"#/properties/plan/properties/spec/properties/sysctls/items/required",keyword:"required",params:{missingProperty: "path"},message:"must have required property '"+"path"+"'"};
if(vErrors === null){
vErrors = [err292];
}
else {
vErrors.push(err292);
}
errors++;
}
if(data111.value === undefined){
const err293 = {instancePath:instancePath+"/plan/spec/sysctls/" + i7,schemaPath:"#/properties/plan/properties/spec/properties/sysctls/items/required",keyword:"required",params:{missingProperty: "value"},message:"must have required property '"+"value"+"'"};
if(vErrors === null){
vErrors = [err293];
}
else {
vErrors.push(err293);
}
errors++;
}
for(const key18 in data111){
if(!((key18 === "path") || (key18 === "value"))){
const err294 = {instancePath:instancePath+"/plan/spec/sysctls/" + i7,schemaPath:"#/properties/plan/properties/spec/properties/sysctls/items/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key18},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err294];
}
else {
vErrors.push(err294);
}
errors++;
}
}
if(data111.path !== undefined){
let data112 = data111.path;
if(typeof data112 === "string"){
if(!pattern39.test(data112)){
const err295 = {instancePath:instancePath+"/plan/spec/sysctls/" + i7+"/path",schemaPath:"#/properties/plan/properties/spec/properties/sysctls/items/properties/path/pattern",keyword:"pattern",params:{pattern: "^net/ipv[46]/(?!.*\\.\\.)[A-Za-z0-9_./-]+$"},message:"must match pattern \""+"^net/ipv[46]/(?!.*\\.\\.)[A-Za-z0-9_./-]+$"+"\""};
if(vErrors === null){
vErrors = [err295];
}
else {
vErrors.push(err295);
}
errors++;
}
}
else {
const err296 = {instancePath:instancePath+"/plan/spec/sysctls/" + i7+"/path",schemaPath:"#/properties/plan/properties/spec/properties/sysctls/items/properties/path/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err296];
}
else {
vErrors.push(err296);
}
errors++;
}
}
if(data111.value !== undefined){
let data113 = data111.value;
if(typeof data113 === "string"){
if(!pattern40.test(data113)){
const err297 = {instancePath:instancePath+"/plan/spec/sysctls/" + i7+"/value",schemaPath:"#/properties/plan/properties/spec/properties/sysctls/items/properties/value/pattern",keyword:"pattern",params:{pattern: "^[0-9 \\t]{1,32}$"},message:"must match pattern \""+"^[0-9 \\t]{1,32}$"+"\""};
if(vErrors === null){
vErrors = [err297];
}
else {
vErrors.push(err297);
}
errors++;
}
}
else {
const err298 = {instancePath:instancePath+"/plan/spec/sysctls/" + i7+"/value",schemaPath:"#/properties/plan/properties/spec/properties/sysctls/items/properties/value/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err298];
}
else {
vErrors.push(err298);
}
errors++;
}
}
}
else {
const err299 = {instancePath:instancePath+"/plan/spec/sysctls/" + i7,schemaPath:"#/properties/plan/properties/spec/properties/sysctls/items/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err299];
}
else {
vErrors.push(err299);
}
errors++;
}
}
}
else {
const err300 = {instancePath:instancePath+"/plan/spec/sysctls",schemaPath:"#/properties/plan/properties/spec/properties/sysctls/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err300];
}
else {
vErrors.push(err300);
}
errors++;
}
}
}
else {
const err301 = {instancePath:instancePath+"/plan/spec",schemaPath:"#/properties/plan/properties/spec/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err301];
}
else {
vErrors.push(err301);
}
errors++;
}
}
if(data86.nft !== undefined){
let data114 = data86.nft;
if(Array.isArray(data114)){
const len8 = data114.length;
for(let i8=0; i8<len8; i8++){
let data115 = data114[i8];
if(data115 && typeof data115 == "object" && !Array.isArray(data115)){
if(data115.label === undefined){
const err302 = {instancePath:instancePath+"/plan/nft/" + i8,schemaPath:"#/properties/plan/properties/nft/items/required",keyword:"required",params:{missingProperty: "label"},message:"must have required property '"+"label"+"'"};
if(vErrors === null){
vErrors = [err302];
}
else {
vErrors.push(err302);
}
errors++;
}
if(data115.family === undefined){
const err303 = {instancePath:instancePath+"/plan/nft/" + i8,schemaPath:"#/properties/plan/properties/nft/items/required",keyword:"required",params:{missingProperty: "family"},message:"must have required property '"+"family"+"'"};
if(vErrors === null){
vErrors = [err303];
}
else {
vErrors.push(err303);
}
errors++;
}
if(data115.commands === undefined){
const err304 = {instancePath:instancePath+"/plan/nft/" + i8,schemaPath:"#/properties/plan/properties/nft/items/required",keyword:"required",params:{missingProperty: "commands"},message:"must have required property '"+"commands"+"'"};
if(vErrors === null){
vErrors = [err304];
}
else {
vErrors.push(err304);
}
errors++;
}
for(const key19 in data115){
if(!(((key19 === "label") || (key19 === "family")) || (key19 === "commands"))){
const err305 = {instancePath:instancePath+"/plan/nft/" + i8,schemaPath:"#/properties/plan/properties/nft/items/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key19},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err305];
}
else {
vErrors.push(err305);
}
errors++;
}
}
if(data115.label !== undefined){
if(typeof data115.label !== "string"){
const err306 = {instancePath:instancePath+"/plan/nft/" + i8+"/label",schemaPath:"#/properties/plan/properties/nft/items/properties/label/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err306];
}
else {
vErrors.push(err306);
}
errors++;
}
}
if(data115.family !== undefined){
let data117 = data115.family;
if(!((((data117 === "ip") || (data117 === "ip6")) || (data117 === "inet")) || (data117 === "bridge"))){
const err307 = {instancePath:instancePath+"/plan/nft/" + i8+"/family",schemaPath:"#/properties/plan/properties/nft/items/properties/family/enum",keyword:"enum",params:{allowedValues: schema31.properties.plan.properties.nft.items.properties.family.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err307];
}
else {
vErrors.push(err307);
}
errors++;
}
}
if(data115.commands !== undefined){
let data118 = data115.commands;
if(Array.isArray(data118)){
const len9 = data118.length;
for(let i9=0; i9<len9; i9++){
let data119 = data118[i9];
if(data119 && typeof data119 == "object" && !Array.isArray(data119)){
if(Object.keys(data119).length > 1){
const err308 = {instancePath:instancePath+"/plan/nft/" + i8+"/commands/" + i9,schemaPath:"#/properties/plan/properties/nft/items/properties/commands/items/maxProperties",keyword:"maxProperties",params:{limit: 1},message:"must NOT have more than 1 properties"};
if(vErrors === null){
vErrors = [err308];
}
else {
vErrors.push(err308);
}
errors++;
}
if(Object.keys(data119).length < 1){
const err309 = {instancePath:instancePath+"/plan/nft/" + i8+"/commands/" + i9,schemaPath:"#/properties/plan/properties/nft/items/properties/commands/items/minProperties",keyword:"minProperties",params:{limit: 1},message:"must NOT have fewer than 1 properties"};
if(vErrors === null){
vErrors = [err309];
}
else {
vErrors.push(err309);
}
errors++;
}
}
else {
const err310 = {instancePath:instancePath+"/plan/nft/" + i8+"/commands/" + i9,schemaPath:"#/properties/plan/properties/nft/items/properties/commands/items/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err310];
}
else {
vErrors.push(err310);
}
errors++;
}
}
}
else {
const err311 = {instancePath:instancePath+"/plan/nft/" + i8+"/commands",schemaPath:"#/properties/plan/properties/nft/items/properties/commands/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err311];
}
else {
vErrors.push(err311);
}
errors++;
}
}
}
else {
const err312 = {instancePath:instancePath+"/plan/nft/" + i8,schemaPath:"#/properties/plan/properties/nft/items/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err312];
}
else {
vErrors.push(err312);
}
errors++;
}
}
}
else {
const err313 = {instancePath:instancePath+"/plan/nft",schemaPath:"#/properties/plan/properties/nft/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err313];
}
else {
vErrors.push(err313);
}
errors++;
}
}
if(data86.devices !== undefined){
let data120 = data86.devices;
if(Array.isArray(data120)){
const len10 = data120.length;
for(let i10=0; i10<len10; i10++){
let data121 = data120[i10];
if(data121 && typeof data121 == "object" && !Array.isArray(data121)){
if(data121.path === undefined){
const err314 = {instancePath:instancePath+"/plan/devices/" + i10,schemaPath:"#/properties/plan/properties/devices/items/required",keyword:"required",params:{missingProperty: "path"},message:"must have required property '"+"path"+"'"};
if(vErrors === null){
vErrors = [err314];
}
else {
vErrors.push(err314);
}
errors++;
}
if(data121.major === undefined){
const err315 = {instancePath:instancePath+"/plan/devices/" + i10,schemaPath:"#/properties/plan/properties/devices/items/required",keyword:"required",params:{missingProperty: "major"},message:"must have required property '"+"major"+"'"};
if(vErrors === null){
vErrors = [err315];
}
else {
vErrors.push(err315);
}
errors++;
}
if(data121.minor === undefined){
const err316 = {instancePath:instancePath+"/plan/devices/" + i10,schemaPath:"#/properties/plan/properties/devices/items/required",keyword:"required",params:{missingProperty: "minor"},message:"must have required property '"+"minor"+"'"};
if(vErrors === null){
vErrors = [err316];
}
else {
vErrors.push(err316);
}
errors++;
}
if(data121.uid === undefined){
const err317 = {instancePath:instancePath+"/plan/devices/" + i10,schemaPath:"#/properties/plan/properties/devices/items/required",keyword:"required",params:{missingProperty: "uid"},message:"must have required property '"+"uid"+"'"};
if(vErrors === null){
vErrors = [err317];
}
else {
vErrors.push(err317);
}
errors++;
}
if(data121.gid === undefined){
const err318 = {instancePath:instancePath+"/plan/devices/" + i10,schemaPath:"#/properties/plan/properties/devices/items/required",keyword:"required",params:{missingProperty: "gid"},message:"must have required property '"+"gid"+"'"};
if(vErrors === null){
vErrors = [err318];
}
else {
vErrors.push(err318);
}
errors++;
}
if(data121.mode === undefined){
const err319 = {instancePath:instancePath+"/plan/devices/" + i10,schemaPath:"#/properties/plan/properties/devices/items/required",keyword:"required",params:{missingProperty: "mode"},message:"must have required property '"+"mode"+"'"};
if(vErrors === null){
vErrors = [err319];
}
else {
vErrors.push(err319);
}
errors++;
}
for(const key20 in data121){
if(!((((((key20 === "path") || (key20 === "major")) || (key20 === "minor")) || (key20 === "uid")) || (key20 === "gid")) || (key20 === "mode"))){
const err320 = {instancePath:instancePath+"/plan/devices/" + i10,schemaPath:"#/properties/plan/properties/devices/items/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key20},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err320];
}
else {
vErrors.push(err320);
}
errors++;
}
}
if(data121.path !== undefined){
let data122 = data121.path;
if(typeof data122 === "string"){
if(!pattern41.test(data122)){
const err321 = {instancePath:instancePath+"/plan/devices/" + i10+"/path",schemaPath:"#/properties/plan/properties/devices/items/properties/path/pattern",keyword:"pattern",params:{pattern: "^/dev/tap[1-9][0-9]{0,9}$"},message:"must match pattern \""+"^/dev/tap[1-9][0-9]{0,9}$"+"\""};
if(vErrors === null){
vErrors = [err321];
}
else {
vErrors.push(err321);
}
errors++;
}
}
else {
const err322 = {instancePath:instancePath+"/plan/devices/" + i10+"/path",schemaPath:"#/properties/plan/properties/devices/items/properties/path/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err322];
}
else {
vErrors.push(err322);
}
errors++;
}
}
if(data121.major !== undefined){
let data123 = data121.major;
if(!(((typeof data123 == "number") && (!(data123 % 1) && !isNaN(data123))) && (isFinite(data123)))){
const err323 = {instancePath:instancePath+"/plan/devices/" + i10+"/major",schemaPath:"#/properties/plan/properties/devices/items/properties/major/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err323];
}
else {
vErrors.push(err323);
}
errors++;
}
if((typeof data123 == "number") && (isFinite(data123))){
if(data123 > 4095 || isNaN(data123)){
const err324 = {instancePath:instancePath+"/plan/devices/" + i10+"/major",schemaPath:"#/properties/plan/properties/devices/items/properties/major/maximum",keyword:"maximum",params:{comparison: "<=", limit: 4095},message:"must be <= 4095"};
if(vErrors === null){
vErrors = [err324];
}
else {
vErrors.push(err324);
}
errors++;
}
if(data123 < 0 || isNaN(data123)){
const err325 = {instancePath:instancePath+"/plan/devices/" + i10+"/major",schemaPath:"#/properties/plan/properties/devices/items/properties/major/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0"};
if(vErrors === null){
vErrors = [err325];
}
else {
vErrors.push(err325);
}
errors++;
}
}
}
if(data121.minor !== undefined){
let data124 = data121.minor;
if(!(((typeof data124 == "number") && (!(data124 % 1) && !isNaN(data124))) && (isFinite(data124)))){
const err326 = {instancePath:instancePath+"/plan/devices/" + i10+"/minor",schemaPath:"#/properties/plan/properties/devices/items/properties/minor/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err326];
}
else {
vErrors.push(err326);
}
errors++;
}
if((typeof data124 == "number") && (isFinite(data124))){
if(data124 > 1048575 || isNaN(data124)){
const err327 = {instancePath:instancePath+"/plan/devices/" + i10+"/minor",schemaPath:"#/properties/plan/properties/devices/items/properties/minor/maximum",keyword:"maximum",params:{comparison: "<=", limit: 1048575},message:"must be <= 1048575"};
if(vErrors === null){
vErrors = [err327];
}
else {
vErrors.push(err327);
}
errors++;
}
if(data124 < 0 || isNaN(data124)){
const err328 = {instancePath:instancePath+"/plan/devices/" + i10+"/minor",schemaPath:"#/properties/plan/properties/devices/items/properties/minor/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0"};
if(vErrors === null){
vErrors = [err328];
}
else {
vErrors.push(err328);
}
errors++;
}
}
}
if(data121.uid !== undefined){
let data125 = data121.uid;
if(!(((typeof data125 == "number") && (!(data125 % 1) && !isNaN(data125))) && (isFinite(data125)))){
const err329 = {instancePath:instancePath+"/plan/devices/" + i10+"/uid",schemaPath:"#/properties/plan/properties/devices/items/properties/uid/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err329];
}
else {
vErrors.push(err329);
}
errors++;
}
if((typeof data125 == "number") && (isFinite(data125))){
if(data125 < 0 || isNaN(data125)){
const err330 = {instancePath:instancePath+"/plan/devices/" + i10+"/uid",schemaPath:"#/properties/plan/properties/devices/items/properties/uid/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0"};
if(vErrors === null){
vErrors = [err330];
}
else {
vErrors.push(err330);
}
errors++;
}
}
}
if(data121.gid !== undefined){
let data126 = data121.gid;
if(!(((typeof data126 == "number") && (!(data126 % 1) && !isNaN(data126))) && (isFinite(data126)))){
const err331 = {instancePath:instancePath+"/plan/devices/" + i10+"/gid",schemaPath:"#/properties/plan/properties/devices/items/properties/gid/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err331];
}
else {
vErrors.push(err331);
}
errors++;
}
if((typeof data126 == "number") && (isFinite(data126))){
if(data126 < 0 || isNaN(data126)){
const err332 = {instancePath:instancePath+"/plan/devices/" + i10+"/gid",schemaPath:"#/properties/plan/properties/devices/items/properties/gid/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0"};
if(vErrors === null){
vErrors = [err332];
}
else {
vErrors.push(err332);
}
errors++;
}
}
}
if(data121.mode !== undefined){
let data127 = data121.mode;
if(!(((typeof data127 == "number") && (!(data127 % 1) && !isNaN(data127))) && (isFinite(data127)))){
const err333 = {instancePath:instancePath+"/plan/devices/" + i10+"/mode",schemaPath:"#/properties/plan/properties/devices/items/properties/mode/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err333];
}
else {
vErrors.push(err333);
}
errors++;
}
if((typeof data127 == "number") && (isFinite(data127))){
if(data127 > 511 || isNaN(data127)){
const err334 = {instancePath:instancePath+"/plan/devices/" + i10+"/mode",schemaPath:"#/properties/plan/properties/devices/items/properties/mode/maximum",keyword:"maximum",params:{comparison: "<=", limit: 511},message:"must be <= 511"};
if(vErrors === null){
vErrors = [err334];
}
else {
vErrors.push(err334);
}
errors++;
}
if(data127 < 0 || isNaN(data127)){
const err335 = {instancePath:instancePath+"/plan/devices/" + i10+"/mode",schemaPath:"#/properties/plan/properties/devices/items/properties/mode/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0"};
if(vErrors === null){
vErrors = [err335];
}
else {
vErrors.push(err335);
}
errors++;
}
}
}
}
else {
const err336 = {instancePath:instancePath+"/plan/devices/" + i10,schemaPath:"#/properties/plan/properties/devices/items/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err336];
}
else {
vErrors.push(err336);
}
errors++;
}
}
}
else {
const err337 = {instancePath:instancePath+"/plan/devices",schemaPath:"#/properties/plan/properties/devices/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err337];
}
else {
vErrors.push(err337);
}
errors++;
}
}
}
else {
const err338 = {instancePath:instancePath+"/plan",schemaPath:"#/properties/plan/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err338];
}
else {
vErrors.push(err338);
}
errors++;
}
}
if(data.sysctlsBefore !== undefined){
let data128 = data.sysctlsBefore;
if(Array.isArray(data128)){
const len11 = data128.length;
for(let i11=0; i11<len11; i11++){
let data129 = data128[i11];
if(data129 && typeof data129 == "object" && !Array.isArray(data129)){
if(data129.path === undefined){
const err339 = {instancePath:instancePath+"/sysctlsBefore/" + i11,schemaPath:"#/properties/sysctlsBefore/items/required",keyword:"required",params:{missingProperty: "path"},message:"must have required property '"+"path"+"'"};
if(vErrors === null){
vErrors = [err339];
}
else {
vErrors.push(err339);
}
errors++;
}
if(data129.value === undefined){
const err340 = {instancePath:instancePath+"/sysctlsBefore/" + i11,schemaPath:"#/properties/sysctlsBefore/items/required",keyword:"required",params:{missingProperty: "value"},message:"must have required property '"+"value"+"'"};
if(vErrors === null){
vErrors = [err340];
}
else {
vErrors.push(err340);
}
errors++;
}
for(const key21 in data129){
if(!((key21 === "path") || (key21 === "value"))){
const err341 = {instancePath:instancePath+"/sysctlsBefore/" + i11,schemaPath:"#/properties/sysctlsBefore/items/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key21},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err341];
}
else {
vErrors.push(err341);
}
errors++;
}
}
if(data129.path !== undefined){
let data130 = data129.path;
if(typeof data130 === "string"){
if(!pattern39.test(data130)){
const err342 = {instancePath:instancePath+"/sysctlsBefore/" + i11+"/path",schemaPath:"#/properties/sysctlsBefore/items/properties/path/pattern",keyword:"pattern",params:{pattern: "^net/ipv[46]/(?!.*\\.\\.)[A-Za-z0-9_./-]+$"},message:"must match pattern \""+"^net/ipv[46]/(?!.*\\.\\.)[A-Za-z0-9_./-]+$"+"\""};
if(vErrors === null){
vErrors = [err342];
}
else {
vErrors.push(err342);
}
errors++;
}
}
else {
const err343 = {instancePath:instancePath+"/sysctlsBefore/" + i11+"/path",schemaPath:"#/properties/sysctlsBefore/items/properties/path/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err343];
}
else {
vErrors.push(err343);
}
errors++;
}
}
if(data129.value !== undefined){
let data131 = data129.value;
if(typeof data131 === "string"){
if(!pattern40.test(data131)){
const err344 = {instancePath:instancePath+"/sysctlsBefore/" + i11+"/value",schemaPath:"#/properties/sysctlsBefore/items/properties/value/pattern",keyword:"pattern",params:{pattern: "^[0-9 \\t]{1,32}$"},message:"must match pattern \""+"^[0-9 \\t]{1,32}$"+"\""};
if(vErrors === null){
vErrors = [err344];
}
else {
vErrors.push(err344);
}
errors++;
}
}
else {
const err345 = {instancePath:instancePath+"/sysctlsBefore/" + i11+"/value",schemaPath:"#/properties/sysctlsBefore/items/properties/value/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err345];
}
else {
vErrors.push(err345);
}
errors++;
}
}
}
else {
const err346 = {instancePath:instancePath+"/sysctlsBefore/" + i11,schemaPath:"#/properties/sysctlsBefore/items/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err346];
}
else {
vErrors.push(err346);
}
errors++;
}
}
}
else {
const err347 = {instancePath:instancePath+"/sysctlsBefore",schemaPath:"#/properties/sysctlsBefore/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err347];
}
else {
vErrors.push(err347);
}
errors++;
}
}
if(data.updatedAt !== undefined){
let data132 = data.updatedAt;
if(typeof data132 === "string"){
if(!pattern44.test(data132)){
const err348 = {instancePath:instancePath+"/updatedAt",schemaPath:"#/properties/updatedAt/pattern",keyword:"pattern",params:{pattern: "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?Z$"},message:"must match pattern \""+"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?Z$"+"\""};
if(vErrors === null){
vErrors = [err348];
}
else {
vErrors.push(err348);
}
errors++;
}
}
else {
const err349 = {instancePath:instancePath+"/updatedAt",schemaPath:"#/properties/updatedAt/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err349];
}
else {
vErrors.push(err349);
}
errors++;
}
}
}
else {
const err350 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err350];
}
else {
vErrors.push(err350);
}
errors++;
}
validate20.errors = vErrors;
return errors === 0;
}
validate20.evaluated = {"props":true,"dynamicProps":false,"dynamicItems":false};

