// Generated from src/core/vmi-schema.ts by scripts/generate-validators.ts (npm run generate). Do not edit.
// @ts-nocheck
import func1Module from 'ajv/dist/runtime/ucs2length.js';
"use strict";
export const validate = validate20;
export default validate20;
const schema31 = {"$schema":"https://json-schema.org/draft/2020-12/schema","$id":"urn:virtnet:schema:vmi-network","title":"KubeVirt VirtualMachineInstance (network-relevant fields)","type":"object","required":["apiVersion","kind","metadata","spec"],"properties":{"apiVersion":{"enum":["kubevirt.io/v1","kubevirt.io/v1alpha3"]},"kind":{"const":"VirtualMachineInstance"},"metadata":{"type":"object","required":["name","uid"],"properties":{"name":{"type":"string","minLength":1,"maxLength":253,"pattern":"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$","x-hint":"a DNS-1123 subdomain (lower-case letters, digits, \"-\" and \".\")"},"namespace":{"type":"string","maxLength":63,"pattern":"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$","x-hint":"a DNS-1123 label (lower-case letters, digits and \"-\")"},"uid":{"type":"string","minLength":1,"maxLength":128,"pattern":"^(?!.*\\.\\.)[A-Za-z0-9][A-Za-z0-9._-]*$","x-hint":"letters, digits, \".\", \"-\" and \"_\", starting with a letter or digit, without \"..\" (it names a cache directory)"},"annotations":{"type":"object","additionalProperties":{"type":"string"}}}},"spec":{"type":"object","required":["domain"],"properties":{"domain":{"type":"object","required":["devices"],"properties":{"cpu":{"type":"object","properties":{"sockets":{"type":"integer","minimum":0},"cores":{"type":"integer","minimum":0},"threads":{"type":"integer","minimum":0}}},"devices":{"type":"object","properties":{"interfaces":{"type":"array","items":{"type":"object","required":["name"],"additionalProperties":false,"properties":{"name":{"type":"string","minLength":1,"maxLength":63,"pattern":"^[A-Za-z0-9_-]+$","x-hint":"letters, digits, \"-\" and \"_\" only"},"bridge":{"type":"object","additionalProperties":false},"masquerade":{"type":"object","additionalProperties":false},"passt":{"type":"object","additionalProperties":false},"passtBinding":{"type":"object","additionalProperties":false},"sriov":{"type":"object","additionalProperties":false},"macvtap":{"type":"object","additionalProperties":false},"binding":{"type":"object","required":["name"],"additionalProperties":false,"properties":{"name":{"type":"string","minLength":1}}},"macAddress":{"type":"string","pattern":"^[0-9A-Fa-f]{2}([:-])[0-9A-Fa-f]{2}(\\1[0-9A-Fa-f]{2}){4}$","x-hint":"a MAC address like \"de:ad:00:00:be:af\" or \"de-ad-00-00-be-af\""},"model":{"enum":["virtio","e1000","e1000e","igb","ne2k_pci","pcnet","rtl8139"]},"bootOrder":{"type":"integer","minimum":1},"pciAddress":{"type":"string","pattern":"^([\\da-fA-F]{4}):([\\da-fA-F]{2}):([\\da-fA-F]{2})\\.([0-7]{1})$","x-hint":"a PCI address like \"0000:81:01.0\""},"acpiIndex":{"type":"integer","minimum":1,"maximum":16383},"ports":{"type":"array","items":{"type":"object","required":["port"],"additionalProperties":false,"properties":{"name":{"type":"string","pattern":"^(?=.*[a-z])(?!-)(?!.*--)[a-z0-9-]{1,15}(?<!-)$","x-hint":"an IANA service name (lower case, at most 15 characters)"},"port":{"type":"integer","minimum":1,"maximum":65535},"protocol":{"type":"string","pattern":"^([Tt][Cc][Pp]|[Uu][Dd][Pp])$","x-hint":"\"TCP\" or \"UDP\""}}}},"dhcpOptions":{"type":"object","additionalProperties":false,"properties":{"bootFileName":{"type":"string"},"tftpServerName":{"type":"string"},"ntpServers":{"type":"array","items":{"type":"string"}},"privateOptions":{"type":"array","items":{"type":"object","required":["option","value"],"additionalProperties":false,"properties":{"option":{"type":"integer","minimum":224,"maximum":254},"value":{"type":"string"}}}}}},"tag":{"type":"string"},"state":{"enum":["up","down","absent"]}}}},"networkInterfaceMultiqueue":{"type":"boolean"}}}}},"networks":{"type":"array","items":{"type":"object","required":["name"],"additionalProperties":false,"properties":{"name":{"type":"string","minLength":1,"maxLength":63,"pattern":"^[A-Za-z0-9_-]+$","x-hint":"letters, digits, \"-\" and \"_\" only"},"pod":{"type":"object","additionalProperties":false,"properties":{"vmNetworkCIDR":{"type":"string"},"vmIPv6NetworkCIDR":{"type":"string"}}},"multus":{"type":"object","required":["networkName"],"additionalProperties":false,"properties":{"networkName":{"type":"string","minLength":1},"default":{"type":"boolean"}}}}}},"subdomain":{"type":"string","maxLength":63,"pattern":"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$","x-hint":"a DNS-1123 label (lower-case letters, digits and \"-\")"},"hostname":{"type":"string","maxLength":63,"pattern":"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$","x-hint":"a DNS-1123 label (lower-case letters, digits and \"-\")"}}},"status":{"type":"object","properties":{"runtimeUser":{"type":"integer","minimum":0},"migrationTransport":{"type":"string"},"interfaces":{"type":"array","items":{"type":"object","properties":{"name":{"type":"string"},"mac":{"type":"string"},"podInterfaceName":{"type":"string"},"queueCount":{"type":"integer","minimum":0}}}}}}}};
const func1 = func1Module.default;
const func6 = Object.prototype.hasOwnProperty;
const pattern4 = new RegExp("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$", "u");
const pattern5 = new RegExp("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", "u");
const pattern6 = new RegExp("^(?!.*\\.\\.)[A-Za-z0-9][A-Za-z0-9._-]*$", "u");
const pattern7 = new RegExp("^[A-Za-z0-9_-]+$", "u");
const pattern8 = new RegExp("^[0-9A-Fa-f]{2}([:-])[0-9A-Fa-f]{2}(\\1[0-9A-Fa-f]{2}){4}$", "u");
const pattern9 = new RegExp("^([\\da-fA-F]{4}):([\\da-fA-F]{2}):([\\da-fA-F]{2})\\.([0-7]{1})$", "u");
const pattern10 = new RegExp("^(?=.*[a-z])(?!-)(?!.*--)[a-z0-9-]{1,15}(?<!-)$", "u");
const pattern11 = new RegExp("^([Tt][Cc][Pp]|[Uu][Dd][Pp])$", "u");

function validate20(data, {instancePath="", parentData, parentDataProperty, rootData=data, dynamicAnchors={}}={}){
/*# sourceURL="urn:virtnet:schema:vmi-network" */;
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
if(data.apiVersion === undefined){
const err0 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "apiVersion"},message:"must have required property '"+"apiVersion"+"'",schema:schema31.required,parentSchema:schema31,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
if(data.kind === undefined){
const err1 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "kind"},message:"must have required property '"+"kind"+"'",schema:schema31.required,parentSchema:schema31,data};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
if(data.metadata === undefined){
const err2 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "metadata"},message:"must have required property '"+"metadata"+"'",schema:schema31.required,parentSchema:schema31,data};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
if(data.spec === undefined){
const err3 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "spec"},message:"must have required property '"+"spec"+"'",schema:schema31.required,parentSchema:schema31,data};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
if(data.apiVersion !== undefined){
let data0 = data.apiVersion;
if(!((data0 === "kubevirt.io/v1") || (data0 === "kubevirt.io/v1alpha3"))){
const err4 = {instancePath:instancePath+"/apiVersion",schemaPath:"#/properties/apiVersion/enum",keyword:"enum",params:{allowedValues: schema31.properties.apiVersion.enum},message:"must be equal to one of the allowed values",schema:schema31.properties.apiVersion.enum,parentSchema:schema31.properties.apiVersion,data:data0};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
}
if(data.kind !== undefined){
let data1 = data.kind;
if("VirtualMachineInstance" !== data1){
const err5 = {instancePath:instancePath+"/kind",schemaPath:"#/properties/kind/const",keyword:"const",params:{allowedValue: "VirtualMachineInstance"},message:"must be equal to constant",schema:"VirtualMachineInstance",parentSchema:schema31.properties.kind,data:data1};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
}
if(data.metadata !== undefined){
let data2 = data.metadata;
if(data2 && typeof data2 == "object" && !Array.isArray(data2)){
if(data2.name === undefined){
const err6 = {instancePath:instancePath+"/metadata",schemaPath:"#/properties/metadata/required",keyword:"required",params:{missingProperty: "name"},message:"must have required property '"+"name"+"'",schema:schema31.properties.metadata.required,parentSchema:schema31.properties.metadata,data:data2};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
if(data2.uid === undefined){
const err7 = {instancePath:instancePath+"/metadata",schemaPath:"#/properties/metadata/required",keyword:"required",params:{missingProperty: "uid"},message:"must have required property '"+"uid"+"'",schema:schema31.properties.metadata.required,parentSchema:schema31.properties.metadata,data:data2};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
if(data2.name !== undefined){
let data3 = data2.name;
if(typeof data3 === "string"){
if(func1(data3) > 253){
const err8 = {instancePath:instancePath+"/metadata/name",schemaPath:"#/properties/metadata/properties/name/maxLength",keyword:"maxLength",params:{limit: 253},message:"must NOT have more than 253 characters",schema:253,parentSchema:schema31.properties.metadata.properties.name,data:data3};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
if(func1(data3) < 1){
const err9 = {instancePath:instancePath+"/metadata/name",schemaPath:"#/properties/metadata/properties/name/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema31.properties.metadata.properties.name,data:data3};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
if(!pattern4.test(data3)){
const err10 = {instancePath:instancePath+"/metadata/name",schemaPath:"#/properties/metadata/properties/name/pattern",keyword:"pattern",params:{pattern: "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$"},message:"must match pattern \""+"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$"+"\"",schema:"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$",parentSchema:schema31.properties.metadata.properties.name,data:data3};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
}
else {
const err11 = {instancePath:instancePath+"/metadata/name",schemaPath:"#/properties/metadata/properties/name/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema31.properties.metadata.properties.name.type,parentSchema:schema31.properties.metadata.properties.name,data:data3};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
}
if(data2.namespace !== undefined){
let data4 = data2.namespace;
if(typeof data4 === "string"){
if(func1(data4) > 63){
const err12 = {instancePath:instancePath+"/metadata/namespace",schemaPath:"#/properties/metadata/properties/namespace/maxLength",keyword:"maxLength",params:{limit: 63},message:"must NOT have more than 63 characters",schema:63,parentSchema:schema31.properties.metadata.properties.namespace,data:data4};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
}
if(!pattern5.test(data4)){
const err13 = {instancePath:instancePath+"/metadata/namespace",schemaPath:"#/properties/metadata/properties/namespace/pattern",keyword:"pattern",params:{pattern: "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$"},message:"must match pattern \""+"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$"+"\"",schema:"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$",parentSchema:schema31.properties.metadata.properties.namespace,data:data4};
if(vErrors === null){
vErrors = [err13];
}
else {
vErrors.push(err13);
}
errors++;
}
}
else {
const err14 = {instancePath:instancePath+"/metadata/namespace",schemaPath:"#/properties/metadata/properties/namespace/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema31.properties.metadata.properties.namespace.type,parentSchema:schema31.properties.metadata.properties.namespace,data:data4};
if(vErrors === null){
vErrors = [err14];
}
else {
vErrors.push(err14);
}
errors++;
}
}
if(data2.uid !== undefined){
let data5 = data2.uid;
if(typeof data5 === "string"){
if(func1(data5) > 128){
const err15 = {instancePath:instancePath+"/metadata/uid",schemaPath:"#/properties/metadata/properties/uid/maxLength",keyword:"maxLength",params:{limit: 128},message:"must NOT have more than 128 characters",schema:128,parentSchema:schema31.properties.metadata.properties.uid,data:data5};
if(vErrors === null){
vErrors = [err15];
}
else {
vErrors.push(err15);
}
errors++;
}
if(func1(data5) < 1){
const err16 = {instancePath:instancePath+"/metadata/uid",schemaPath:"#/properties/metadata/properties/uid/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema31.properties.metadata.properties.uid,data:data5};
if(vErrors === null){
vErrors = [err16];
}
else {
vErrors.push(err16);
}
errors++;
}
if(!pattern6.test(data5)){
const err17 = {instancePath:instancePath+"/metadata/uid",schemaPath:"#/properties/metadata/properties/uid/pattern",keyword:"pattern",params:{pattern: "^(?!.*\\.\\.)[A-Za-z0-9][A-Za-z0-9._-]*$"},message:"must match pattern \""+"^(?!.*\\.\\.)[A-Za-z0-9][A-Za-z0-9._-]*$"+"\"",schema:"^(?!.*\\.\\.)[A-Za-z0-9][A-Za-z0-9._-]*$",parentSchema:schema31.properties.metadata.properties.uid,data:data5};
if(vErrors === null){
vErrors = [err17];
}
else {
vErrors.push(err17);
}
errors++;
}
}
else {
const err18 = {instancePath:instancePath+"/metadata/uid",schemaPath:"#/properties/metadata/properties/uid/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema31.properties.metadata.properties.uid.type,parentSchema:schema31.properties.metadata.properties.uid,data:data5};
if(vErrors === null){
vErrors = [err18];
}
else {
vErrors.push(err18);
}
errors++;
}
}
if(data2.annotations !== undefined){
let data6 = data2.annotations;
if(data6 && typeof data6 == "object" && !Array.isArray(data6)){
for(const key0 in data6){
let data7 = data6[key0];
if(typeof data7 !== "string"){
const err19 = {instancePath:instancePath+"/metadata/annotations/" + key0.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/metadata/properties/annotations/additionalProperties/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema31.properties.metadata.properties.annotations.additionalProperties.type,parentSchema:schema31.properties.metadata.properties.annotations.additionalProperties,data:data7};
if(vErrors === null){
vErrors = [err19];
}
else {
vErrors.push(err19);
}
errors++;
}
}
}
else {
const err20 = {instancePath:instancePath+"/metadata/annotations",schemaPath:"#/properties/metadata/properties/annotations/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema31.properties.metadata.properties.annotations.type,parentSchema:schema31.properties.metadata.properties.annotations,data:data6};
if(vErrors === null){
vErrors = [err20];
}
else {
vErrors.push(err20);
}
errors++;
}
}
}
else {
const err21 = {instancePath:instancePath+"/metadata",schemaPath:"#/properties/metadata/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema31.properties.metadata.type,parentSchema:schema31.properties.metadata,data:data2};
if(vErrors === null){
vErrors = [err21];
}
else {
vErrors.push(err21);
}
errors++;
}
}
if(data.spec !== undefined){
let data8 = data.spec;
if(data8 && typeof data8 == "object" && !Array.isArray(data8)){
if(data8.domain === undefined){
const err22 = {instancePath:instancePath+"/spec",schemaPath:"#/properties/spec/required",keyword:"required",params:{missingProperty: "domain"},message:"must have required property '"+"domain"+"'",schema:schema31.properties.spec.required,parentSchema:schema31.properties.spec,data:data8};
if(vErrors === null){
vErrors = [err22];
}
else {
vErrors.push(err22);
}
errors++;
}
if(data8.domain !== undefined){
let data9 = data8.domain;
if(data9 && typeof data9 == "object" && !Array.isArray(data9)){
if(data9.devices === undefined){
const err23 = {instancePath:instancePath+"/spec/domain",schemaPath:"#/properties/spec/properties/domain/required",keyword:"required",params:{missingProperty: "devices"},message:"must have required property '"+"devices"+"'",schema:schema31.properties.spec.properties.domain.required,parentSchema:schema31.properties.spec.properties.domain,data:data9};
if(vErrors === null){
vErrors = [err23];
}
else {
vErrors.push(err23);
}
errors++;
}
if(data9.cpu !== undefined){
let data10 = data9.cpu;
if(data10 && typeof data10 == "object" && !Array.isArray(data10)){
if(data10.sockets !== undefined){
let data11 = data10.sockets;
if(!(((typeof data11 == "number") && (!(data11 % 1) && !isNaN(data11))) && (isFinite(data11)))){
const err24 = {instancePath:instancePath+"/spec/domain/cpu/sockets",schemaPath:"#/properties/spec/properties/domain/properties/cpu/properties/sockets/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema31.properties.spec.properties.domain.properties.cpu.properties.sockets.type,parentSchema:schema31.properties.spec.properties.domain.properties.cpu.properties.sockets,data:data11};
if(vErrors === null){
vErrors = [err24];
}
else {
vErrors.push(err24);
}
errors++;
}
if((typeof data11 == "number") && (isFinite(data11))){
if(data11 < 0 || isNaN(data11)){
const err25 = {instancePath:instancePath+"/spec/domain/cpu/sockets",schemaPath:"#/properties/spec/properties/domain/properties/cpu/properties/sockets/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema31.properties.spec.properties.domain.properties.cpu.properties.sockets,data:data11};
if(vErrors === null){
vErrors = [err25];
}
else {
vErrors.push(err25);
}
errors++;
}
}
}
if(data10.cores !== undefined){
let data12 = data10.cores;
if(!(((typeof data12 == "number") && (!(data12 % 1) && !isNaN(data12))) && (isFinite(data12)))){
const err26 = {instancePath:instancePath+"/spec/domain/cpu/cores",schemaPath:"#/properties/spec/properties/domain/properties/cpu/properties/cores/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema31.properties.spec.properties.domain.properties.cpu.properties.cores.type,parentSchema:schema31.properties.spec.properties.domain.properties.cpu.properties.cores,data:data12};
if(vErrors === null){
vErrors = [err26];
}
else {
vErrors.push(err26);
}
errors++;
}
if((typeof data12 == "number") && (isFinite(data12))){
if(data12 < 0 || isNaN(data12)){
const err27 = {instancePath:instancePath+"/spec/domain/cpu/cores",schemaPath:"#/properties/spec/properties/domain/properties/cpu/properties/cores/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema31.properties.spec.properties.domain.properties.cpu.properties.cores,data:data12};
if(vErrors === null){
vErrors = [err27];
}
else {
vErrors.push(err27);
}
errors++;
}
}
}
if(data10.threads !== undefined){
let data13 = data10.threads;
if(!(((typeof data13 == "number") && (!(data13 % 1) && !isNaN(data13))) && (isFinite(data13)))){
const err28 = {instancePath:instancePath+"/spec/domain/cpu/threads",schemaPath:"#/properties/spec/properties/domain/properties/cpu/properties/threads/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema31.properties.spec.properties.domain.properties.cpu.properties.threads.type,parentSchema:schema31.properties.spec.properties.domain.properties.cpu.properties.threads,data:data13};
if(vErrors === null){
vErrors = [err28];
}
else {
vErrors.push(err28);
}
errors++;
}
if((typeof data13 == "number") && (isFinite(data13))){
if(data13 < 0 || isNaN(data13)){
const err29 = {instancePath:instancePath+"/spec/domain/cpu/threads",schemaPath:"#/properties/spec/properties/domain/properties/cpu/properties/threads/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema31.properties.spec.properties.domain.properties.cpu.properties.threads,data:data13};
if(vErrors === null){
vErrors = [err29];
}
else {
vErrors.push(err29);
}
errors++;
}
}
}
}
else {
const err30 = {instancePath:instancePath+"/spec/domain/cpu",schemaPath:"#/properties/spec/properties/domain/properties/cpu/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema31.properties.spec.properties.domain.properties.cpu.type,parentSchema:schema31.properties.spec.properties.domain.properties.cpu,data:data10};
if(vErrors === null){
vErrors = [err30];
}
else {
vErrors.push(err30);
}
errors++;
}
}
if(data9.devices !== undefined){
let data14 = data9.devices;
if(data14 && typeof data14 == "object" && !Array.isArray(data14)){
if(data14.interfaces !== undefined){
let data15 = data14.interfaces;
if(Array.isArray(data15)){
const len0 = data15.length;
for(let i0=0; i0<len0; i0++){
let data16 = data15[i0];
if(data16 && typeof data16 == "object" && !Array.isArray(data16)){
if(data16.name === undefined){
const err31 = {instancePath:instancePath+"/spec/domain/devices/interfaces/" + i0,schemaPath:"#/properties/spec/properties/domain/properties/devices/properties/interfaces/items/required",keyword:"required",params:{missingProperty: "name"},message:"must have required property '"+"name"+"'",schema:schema31.properties.spec.properties.domain.properties.devices.properties.interfaces.items.required,parentSchema:schema31.properties.spec.properties.domain.properties.devices.properties.interfaces.items,data:data16};
if(vErrors === null){
vErrors = [err31];
}
else {
vErrors.push(err31);
}
errors++;
}
for(const key1 in data16){
if(!(func6.call(schema31.properties.spec.properties.domain.properties.devices.properties.interfaces.items.properties, key1))){
const err32 = {instancePath:instancePath+"/spec/domain/devices/interfaces/" + i0,schemaPath:"#/properties/spec/properties/domain/properties/devices/properties/interfaces/items/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key1},message:"must NOT have additional properties",schema:false,parentSchema:schema31.properties.spec.properties.domain.properties.devices.properties.interfaces.items,data:data16};
if(vErrors === null){
vErrors = [err32];
}
else {
vErrors.push(err32);
}
errors++;
}
}
if(data16.name !== undefined){
let data17 = data16.name;
if(typeof data17 === "string"){
if(func1(data17) > 63){
const err33 = {instancePath:instancePath+"/spec/domain/devices/interfaces/" + i0+"/name",schemaPath:"#/properties/spec/properties/domain/properties/devices/properties/interfaces/items/properties/name/maxLength",keyword:"maxLength",params:{limit: 63},message:"must NOT have more than 63 characters",schema:63,parentSchema:schema31.properties.spec.properties.domain.properties.devices.properties.interfaces.items.properties.name,data:data17};
if(vErrors === null){
vErrors = [err33];
}
else {
vErrors.push(err33);
}
errors++;
}
if(func1(data17) < 1){
const err34 = {instancePath:instancePath+"/spec/domain/devices/interfaces/" + i0+"/name",schemaPath:"#/properties/spec/properties/domain/properties/devices/properties/interfaces/items/properties/name/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema31.properties.spec.properties.domain.properties.devices.properties.interfaces.items.properties.name,data:data17};
if(vErrors === null){
vErrors = [err34];
}
else {
vErrors.push(err34);
}
errors++;
}
if(!pattern7.test(data17)){
const err35 = {instancePath:instancePath+"/spec/domain/devices/interfaces/" + i0+"/name",schemaPath:"#/properties/spec/properties/domain/properties/devices/properties/interfaces/items/properties/name/pattern",keyword:"pattern",params:{pattern: "^[A-Za-z0-9_-]+$"},message:"must match pattern \""+"^[A-Za-z0-9_-]+$"+"\"",schema:"^[A-Za-z0-9_-]+$",parentSchema:schema31.properties.spec.properties.domain.properties.devices.properties.interfaces.items.properties.name,data:data17};
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
const err36 = {instancePath:instancePath+"/spec/domain/devices/interfaces/" + i0+"/name",schemaPath:"#/properties/spec/properties/domain/properties/devices/properties/interfaces/items/properties/name/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema31.properties.spec.properties.domain.properties.devices.properties.interfaces.items.properties.name.type,parentSchema:schema31.properties.spec.properties.domain.properties.devices.properties.interfaces.items.properties.name,data:data17};
if(vErrors === null){
vErrors = [err36];
}
else {
vErrors.push(err36);
}
errors++;
}
}
if(data16.bridge !== undefined){
let data18 = data16.bridge;
if(data18 && typeof data18 == "object" && !Array.isArray(data18)){
for(const key2 in data18){
const err37 = {instancePath:instancePath+"/spec/domain/devices/interfaces/" + i0+"/bridge",schemaPath:"#/properties/spec/properties/domain/properties/devices/properties/interfaces/items/properties/bridge/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key2},message:"must NOT have additional properties",schema:false,parentSchema:schema31.properties.spec.properties.domain.properties.devices.properties.interfaces.items.properties.bridge,data:data18};
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
const err38 = {instancePath:instancePath+"/spec/domain/devices/interfaces/" + i0+"/bridge",schemaPath:"#/properties/spec/properties/domain/properties/devices/properties/interfaces/items/properties/bridge/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema31.properties.spec.properties.domain.properties.devices.properties.interfaces.items.properties.bridge.type,parentSchema:schema31.properties.spec.properties.domain.properties.devices.properties.interfaces.items.properties.bridge,data:data18};
if(vErrors === null){
vErrors = [err38];
}
else {
vErrors.push(err38);
}
errors++;
}
}
if(data16.masquerade !== undefined){
let data19 = data16.masquerade;
if(data19 && typeof data19 == "object" && !Array.isArray(data19)){
for(const key3 in data19){
const err39 = {instancePath:instancePath+"/spec/domain/devices/interfaces/" + i0+"/masquerade",schemaPath:"#/properties/spec/properties/domain/properties/devices/properties/interfaces/items/properties/masquerade/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key3},message:"must NOT have additional properties",schema:false,parentSchema:schema31.properties.spec.properties.domain.properties.devices.properties.interfaces.items.properties.masquerade,data:data19};
if(vErrors === null){
vErrors = [err39];
}
else {
vErrors.push(err39);
}
errors++;
}
}
else {
const err40 = {instancePath:instancePath+"/spec/domain/devices/interfaces/" + i0+"/masquerade",schemaPath:"#/properties/spec/properties/domain/properties/devices/properties/interfaces/items/properties/masquerade/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema31.properties.spec.properties.domain.properties.devices.properties.interfaces.items.properties.masquerade.type,parentSchema:schema31.properties.spec.properties.domain.properties.devices.properties.interfaces.items.properties.masquerade,data:data19};
if(vErrors === null){
vErrors = [err40];
}
else {
vErrors.push(err40);
}
errors++;
}
}
if(data16.passt !== undefined){
let data20 = data16.passt;
if(data20 && typeof data20 == "object" && !Array.isArray(data20)){
for(const key4 in data20){
const err41 = {instancePath:instancePath+"/spec/domain/devices/interfaces/" + i0+"/passt",schemaPath:"#/properties/spec/properties/domain/properties/devices/properties/interfaces/items/properties/passt/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key4},message:"must NOT have additional properties",schema:false,parentSchema:schema31.properties.spec.properties.domain.properties.devices.properties.interfaces.items.properties.passt,data:data20};
if(vErrors === null){
vErrors = [err41];
}
else {
vErrors.push(err41);
}
errors++;
}
}
else {
const err42 = {instancePath:instancePath+"/spec/domain/devices/interfaces/" + i0+"/passt",schemaPath:"#/properties/spec/properties/domain/properties/devices/properties/interfaces/items/properties/passt/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema31.properties.spec.properties.domain.properties.devices.properties.interfaces.items.properties.passt.type,parentSchema:schema31.properties.spec.properties.domain.properties.devices.properties.interfaces.items.properties.passt,data:data20};
if(vErrors === null){
vErrors = [err42];
}
else {
vErrors.push(err42);
}
errors++;
}
}
if(data16.passtBinding !== undefined){
let data21 = data16.passtBinding;
if(data21 && typeof data21 == "object" && !Array.isArray(data21)){
for(const key5 in data21){
const err43 = {instancePath:instancePath+"/spec/domain/devices/interfaces/" + i0+"/passtBinding",schemaPath:"#/properties/spec/properties/domain/properties/devices/properties/interfaces/items/properties/passtBinding/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key5},message:"must NOT have additional properties",schema:false,parentSchema:schema31.properties.spec.properties.domain.properties.devices.properties.interfaces.items.properties.passtBinding,data:data21};
if(vErrors === null){
vErrors = [err43];
}
else {
vErrors.push(err43);
}
errors++;
}
}
else {
const err44 = {instancePath:instancePath+"/spec/domain/devices/interfaces/" + i0+"/passtBinding",schemaPath:"#/properties/spec/properties/domain/properties/devices/properties/interfaces/items/properties/passtBinding/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema31.properties.spec.properties.domain.properties.devices.properties.interfaces.items.properties.passtBinding.type,parentSchema:schema31.properties.spec.properties.domain.properties.devices.properties.interfaces.items.properties.passtBinding,data:data21};
if(vErrors === null){
vErrors = [err44];
}
else {
vErrors.push(err44);
}
errors++;
}
}
if(data16.sriov !== undefined){
let data22 = data16.sriov;
if(data22 && typeof data22 == "object" && !Array.isArray(data22)){
for(const key6 in data22){
const err45 = {instancePath:instancePath+"/spec/domain/devices/interfaces/" + i0+"/sriov",schemaPath:"#/properties/spec/properties/domain/properties/devices/properties/interfaces/items/properties/sriov/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key6},message:"must NOT have additional properties",schema:false,parentSchema:schema31.properties.spec.properties.domain.properties.devices.properties.interfaces.items.properties.sriov,data:data22};
if(vErrors === null){
vErrors = [err45];
}
else {
vErrors.push(err45);
}
errors++;
}
}
else {
const err46 = {instancePath:instancePath+"/spec/domain/devices/interfaces/" + i0+"/sriov",schemaPath:"#/properties/spec/properties/domain/properties/devices/properties/interfaces/items/properties/sriov/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema31.properties.spec.properties.domain.properties.devices.properties.interfaces.items.properties.sriov.type,parentSchema:schema31.properties.spec.properties.domain.properties.devices.properties.interfaces.items.properties.sriov,data:data22};
if(vErrors === null){
vErrors = [err46];
}
else {
vErrors.push(err46);
}
errors++;
}
}
if(data16.macvtap !== undefined){
let data23 = data16.macvtap;
if(data23 && typeof data23 == "object" && !Array.isArray(data23)){
for(const key7 in data23){
const err47 = {instancePath:instancePath+"/spec/domain/devices/interfaces/" + i0+"/macvtap",schemaPath:"#/properties/spec/properties/domain/properties/devices/properties/interfaces/items/properties/macvtap/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key7},message:"must NOT have additional properties",schema:false,parentSchema:schema31.properties.spec.properties.domain.properties.devices.properties.interfaces.items.properties.macvtap,data:data23};
if(vErrors === null){
vErrors = [err47];
}
else {
vErrors.push(err47);
}
errors++;
}
}
else {
const err48 = {instancePath:instancePath+"/spec/domain/devices/interfaces/" + i0+"/macvtap",schemaPath:"#/properties/spec/properties/domain/properties/devices/properties/interfaces/items/properties/macvtap/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema31.properties.spec.properties.domain.properties.devices.properties.interfaces.items.properties.macvtap.type,parentSchema:schema31.properties.spec.properties.domain.properties.devices.properties.interfaces.items.properties.macvtap,data:data23};
if(vErrors === null){
vErrors = [err48];
}
else {
vErrors.push(err48);
}
errors++;
}
}
if(data16.binding !== undefined){
let data24 = data16.binding;
if(data24 && typeof data24 == "object" && !Array.isArray(data24)){
if(data24.name === undefined){
const err49 = {instancePath:instancePath+"/spec/domain/devices/interfaces/" + i0+"/binding",schemaPath:"#/properties/spec/properties/domain/properties/devices/properties/interfaces/items/properties/binding/required",keyword:"required",params:{missingProperty: "name"},message:"must have required property '"+"name"+"'",schema:schema31.properties.spec.properties.domain.properties.devices.properties.interfaces.items.properties.binding.required,parentSchema:schema31.properties.spec.properties.domain.properties.devices.properties.interfaces.items.properties.binding,data:data24};
if(vErrors === null){
vErrors = [err49];
}
else {
vErrors.push(err49);
}
errors++;
}
for(const key8 in data24){
if(!(key8 === "name")){
const err50 = {instancePath:instancePath+"/spec/domain/devices/interfaces/" + i0+"/binding",schemaPath:"#/properties/spec/properties/domain/properties/devices/properties/interfaces/items/properties/binding/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key8},message:"must NOT have additional properties",schema:false,parentSchema:schema31.properties.spec.properties.domain.properties.devices.properties.interfaces.items.properties.binding,data:data24};
if(vErrors === null){
vErrors = [err50];
}
else {
vErrors.push(err50);
}
errors++;
}
}
if(data24.name !== undefined){
let data25 = data24.name;
if(typeof data25 === "string"){
if(func1(data25) < 1){
const err51 = {instancePath:instancePath+"/spec/domain/devices/interfaces/" + i0+"/binding/name",schemaPath:"#/properties/spec/properties/domain/properties/devices/properties/interfaces/items/properties/binding/properties/name/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema31.properties.spec.properties.domain.properties.devices.properties.interfaces.items.properties.binding.properties.name,data:data25};
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
const err52 = {instancePath:instancePath+"/spec/domain/devices/interfaces/" + i0+"/binding/name",schemaPath:"#/properties/spec/properties/domain/properties/devices/properties/interfaces/items/properties/binding/properties/name/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema31.properties.spec.properties.domain.properties.devices.properties.interfaces.items.properties.binding.properties.name.type,parentSchema:schema31.properties.spec.properties.domain.properties.devices.properties.interfaces.items.properties.binding.properties.name,data:data25};
if(vErrors === null){
vErrors = [err52];
}
else {
vErrors.push(err52);
}
errors++;
}
}
}
else {
const err53 = {instancePath:instancePath+"/spec/domain/devices/interfaces/" + i0+"/binding",schemaPath:"#/properties/spec/properties/domain/properties/devices/properties/interfaces/items/properties/binding/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema31.properties.spec.properties.domain.properties.devices.properties.interfaces.items.properties.binding.type,parentSchema:schema31.properties.spec.properties.domain.properties.devices.properties.interfaces.items.properties.binding,data:data24};
if(vErrors === null){
vErrors = [err53];
}
else {
vErrors.push(err53);
}
errors++;
}
}
if(data16.macAddress !== undefined){
let data26 = data16.macAddress;
if(typeof data26 === "string"){
if(!pattern8.test(data26)){
const err54 = {instancePath:instancePath+"/spec/domain/devices/interfaces/" + i0+"/macAddress",schemaPath:"#/properties/spec/properties/domain/properties/devices/properties/interfaces/items/properties/macAddress/pattern",keyword:"pattern",params:{pattern: "^[0-9A-Fa-f]{2}([:-])[0-9A-Fa-f]{2}(\\1[0-9A-Fa-f]{2}){4}$"},message:"must match pattern \""+"^[0-9A-Fa-f]{2}([:-])[0-9A-Fa-f]{2}(\\1[0-9A-Fa-f]{2}){4}$"+"\"",schema:"^[0-9A-Fa-f]{2}([:-])[0-9A-Fa-f]{2}(\\1[0-9A-Fa-f]{2}){4}$",parentSchema:schema31.properties.spec.properties.domain.properties.devices.properties.interfaces.items.properties.macAddress,data:data26};
if(vErrors === null){
vErrors = [err54];
}
else {
vErrors.push(err54);
}
errors++;
}
}
else {
const err55 = {instancePath:instancePath+"/spec/domain/devices/interfaces/" + i0+"/macAddress",schemaPath:"#/properties/spec/properties/domain/properties/devices/properties/interfaces/items/properties/macAddress/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema31.properties.spec.properties.domain.properties.devices.properties.interfaces.items.properties.macAddress.type,parentSchema:schema31.properties.spec.properties.domain.properties.devices.properties.interfaces.items.properties.macAddress,data:data26};
if(vErrors === null){
vErrors = [err55];
}
else {
vErrors.push(err55);
}
errors++;
}
}
if(data16.model !== undefined){
let data27 = data16.model;
if(!(((((((data27 === "virtio") || (data27 === "e1000")) || (data27 === "e1000e")) || (data27 === "igb")) || (data27 === "ne2k_pci")) || (data27 === "pcnet")) || (data27 === "rtl8139"))){
const err56 = {instancePath:instancePath+"/spec/domain/devices/interfaces/" + i0+"/model",schemaPath:"#/properties/spec/properties/domain/properties/devices/properties/interfaces/items/properties/model/enum",keyword:"enum",params:{allowedValues: schema31.properties.spec.properties.domain.properties.devices.properties.interfaces.items.properties.model.enum},message:"must be equal to one of the allowed values",schema:schema31.properties.spec.properties.domain.properties.devices.properties.interfaces.items.properties.model.enum,parentSchema:schema31.properties.spec.properties.domain.properties.devices.properties.interfaces.items.properties.model,data:data27};
if(vErrors === null){
vErrors = [err56];
}
else {
vErrors.push(err56);
}
errors++;
}
}
if(data16.bootOrder !== undefined){
let data28 = data16.bootOrder;
if(!(((typeof data28 == "number") && (!(data28 % 1) && !isNaN(data28))) && (isFinite(data28)))){
const err57 = {instancePath:instancePath+"/spec/domain/devices/interfaces/" + i0+"/bootOrder",schemaPath:"#/properties/spec/properties/domain/properties/devices/properties/interfaces/items/properties/bootOrder/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema31.properties.spec.properties.domain.properties.devices.properties.interfaces.items.properties.bootOrder.type,parentSchema:schema31.properties.spec.properties.domain.properties.devices.properties.interfaces.items.properties.bootOrder,data:data28};
if(vErrors === null){
vErrors = [err57];
}
else {
vErrors.push(err57);
}
errors++;
}
if((typeof data28 == "number") && (isFinite(data28))){
if(data28 < 1 || isNaN(data28)){
const err58 = {instancePath:instancePath+"/spec/domain/devices/interfaces/" + i0+"/bootOrder",schemaPath:"#/properties/spec/properties/domain/properties/devices/properties/interfaces/items/properties/bootOrder/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema31.properties.spec.properties.domain.properties.devices.properties.interfaces.items.properties.bootOrder,data:data28};
if(vErrors === null){
vErrors = [err58];
}
else {
vErrors.push(err58);
}
errors++;
}
}
}
if(data16.pciAddress !== undefined){
let data29 = data16.pciAddress;
if(typeof data29 === "string"){
if(!pattern9.test(data29)){
const err59 = {instancePath:instancePath+"/spec/domain/devices/interfaces/" + i0+"/pciAddress",schemaPath:"#/properties/spec/properties/domain/properties/devices/properties/interfaces/items/properties/pciAddress/pattern",keyword:"pattern",params:{pattern: "^([\\da-fA-F]{4}):([\\da-fA-F]{2}):([\\da-fA-F]{2})\\.([0-7]{1})$"},message:"must match pattern \""+"^([\\da-fA-F]{4}):([\\da-fA-F]{2}):([\\da-fA-F]{2})\\.([0-7]{1})$"+"\"",schema:"^([\\da-fA-F]{4}):([\\da-fA-F]{2}):([\\da-fA-F]{2})\\.([0-7]{1})$",parentSchema:schema31.properties.spec.properties.domain.properties.devices.properties.interfaces.items.properties.pciAddress,data:data29};
if(vErrors === null){
vErrors = [err59];
}
else {
vErrors.push(err59);
}
errors++;
}
}
else {
const err60 = {instancePath:instancePath+"/spec/domain/devices/interfaces/" + i0+"/pciAddress",schemaPath:"#/properties/spec/properties/domain/properties/devices/properties/interfaces/items/properties/pciAddress/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema31.properties.spec.properties.domain.properties.devices.properties.interfaces.items.properties.pciAddress.type,parentSchema:schema31.properties.spec.properties.domain.properties.devices.properties.interfaces.items.properties.pciAddress,data:data29};
if(vErrors === null){
vErrors = [err60];
}
else {
vErrors.push(err60);
}
errors++;
}
}
if(data16.acpiIndex !== undefined){
let data30 = data16.acpiIndex;
if(!(((typeof data30 == "number") && (!(data30 % 1) && !isNaN(data30))) && (isFinite(data30)))){
const err61 = {instancePath:instancePath+"/spec/domain/devices/interfaces/" + i0+"/acpiIndex",schemaPath:"#/properties/spec/properties/domain/properties/devices/properties/interfaces/items/properties/acpiIndex/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema31.properties.spec.properties.domain.properties.devices.properties.interfaces.items.properties.acpiIndex.type,parentSchema:schema31.properties.spec.properties.domain.properties.devices.properties.interfaces.items.properties.acpiIndex,data:data30};
if(vErrors === null){
vErrors = [err61];
}
else {
vErrors.push(err61);
}
errors++;
}
if((typeof data30 == "number") && (isFinite(data30))){
if(data30 > 16383 || isNaN(data30)){
const err62 = {instancePath:instancePath+"/spec/domain/devices/interfaces/" + i0+"/acpiIndex",schemaPath:"#/properties/spec/properties/domain/properties/devices/properties/interfaces/items/properties/acpiIndex/maximum",keyword:"maximum",params:{comparison: "<=", limit: 16383},message:"must be <= 16383",schema:16383,parentSchema:schema31.properties.spec.properties.domain.properties.devices.properties.interfaces.items.properties.acpiIndex,data:data30};
if(vErrors === null){
vErrors = [err62];
}
else {
vErrors.push(err62);
}
errors++;
}
if(data30 < 1 || isNaN(data30)){
const err63 = {instancePath:instancePath+"/spec/domain/devices/interfaces/" + i0+"/acpiIndex",schemaPath:"#/properties/spec/properties/domain/properties/devices/properties/interfaces/items/properties/acpiIndex/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema31.properties.spec.properties.domain.properties.devices.properties.interfaces.items.properties.acpiIndex,data:data30};
if(vErrors === null){
vErrors = [err63];
}
else {
vErrors.push(err63);
}
errors++;
}
}
}
if(data16.ports !== undefined){
let data31 = data16.ports;
if(Array.isArray(data31)){
const len1 = data31.length;
for(let i1=0; i1<len1; i1++){
let data32 = data31[i1];
if(data32 && typeof data32 == "object" && !Array.isArray(data32)){
if(data32.port === undefined){
const err64 = {instancePath:instancePath+"/spec/domain/devices/interfaces/" + i0+"/ports/" + i1,schemaPath:"#/properties/spec/properties/domain/properties/devices/properties/interfaces/items/properties/ports/items/required",keyword:"required",params:{missingProperty: "port"},message:"must have required property '"+"port"+"'",schema:schema31.properties.spec.properties.domain.properties.devices.properties.interfaces.items.properties.ports.items.required,parentSchema:schema31.properties.spec.properties.domain.properties.devices.properties.interfaces.items.properties.ports.items,data:data32};
if(vErrors === null){
vErrors = [err64];
}
else {
vErrors.push(err64);
}
errors++;
}
for(const key9 in data32){
if(!(((key9 === "name") || (key9 === "port")) || (key9 === "protocol"))){
const err65 = {instancePath:instancePath+"/spec/domain/devices/interfaces/" + i0+"/ports/" + i1,schemaPath:"#/properties/spec/properties/domain/properties/devices/properties/interfaces/items/properties/ports/items/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key9},message:"must NOT have additional properties",schema:false,parentSchema:schema31.properties.spec.properties.domain.properties.devices.properties.interfaces.items.properties.ports.items,data:data32};
if(vErrors === null){
vErrors = [err65];
}
else {
vErrors.push(err65);
}
errors++;
}
}
if(data32.name !== undefined){
let data33 = data32.name;
if(typeof data33 === "string"){
if(!pattern10.test(data33)){
const err66 = {instancePath:instancePath+"/spec/domain/devices/interfaces/" + i0+"/ports/" + i1+"/name",schemaPath:"#/properties/spec/properties/domain/properties/devices/properties/interfaces/items/properties/ports/items/properties/name/pattern",keyword:"pattern",params:{pattern: "^(?=.*[a-z])(?!-)(?!.*--)[a-z0-9-]{1,15}(?<!-)$"},message:"must match pattern \""+"^(?=.*[a-z])(?!-)(?!.*--)[a-z0-9-]{1,15}(?<!-)$"+"\"",schema:"^(?=.*[a-z])(?!-)(?!.*--)[a-z0-9-]{1,15}(?<!-)$",parentSchema:schema31.properties.spec.properties.domain.properties.devices.properties.interfaces.items.properties.ports.items.properties.name,data:data33};
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
const err67 = {instancePath:instancePath+"/spec/domain/devices/interfaces/" + i0+"/ports/" + i1+"/name",schemaPath:"#/properties/spec/properties/domain/properties/devices/properties/interfaces/items/properties/ports/items/properties/name/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema31.properties.spec.properties.domain.properties.devices.properties.interfaces.items.properties.ports.items.properties.name.type,parentSchema:schema31.properties.spec.properties.domain.properties.devices.properties.interfaces.items.properties.ports.items.properties.name,data:data33};
if(vErrors === null){
vErrors = [err67];
}
else {
vErrors.push(err67);
}
errors++;
}
}
if(data32.port !== undefined){
let data34 = data32.port;
if(!(((typeof data34 == "number") && (!(data34 % 1) && !isNaN(data34))) && (isFinite(data34)))){
const err68 = {instancePath:instancePath+"/spec/domain/devices/interfaces/" + i0+"/ports/" + i1+"/port",schemaPath:"#/properties/spec/properties/domain/properties/devices/properties/interfaces/items/properties/ports/items/properties/port/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema31.properties.spec.properties.domain.properties.devices.properties.interfaces.items.properties.ports.items.properties.port.type,parentSchema:schema31.properties.spec.properties.domain.properties.devices.properties.interfaces.items.properties.ports.items.properties.port,data:data34};
if(vErrors === null){
vErrors = [err68];
}
else {
vErrors.push(err68);
}
errors++;
}
if((typeof data34 == "number") && (isFinite(data34))){
if(data34 > 65535 || isNaN(data34)){
const err69 = {instancePath:instancePath+"/spec/domain/devices/interfaces/" + i0+"/ports/" + i1+"/port",schemaPath:"#/properties/spec/properties/domain/properties/devices/properties/interfaces/items/properties/ports/items/properties/port/maximum",keyword:"maximum",params:{comparison: "<=", limit: 65535},message:"must be <= 65535",schema:65535,parentSchema:schema31.properties.spec.properties.domain.properties.devices.properties.interfaces.items.properties.ports.items.properties.port,data:data34};
if(vErrors === null){
vErrors = [err69];
}
else {
vErrors.push(err69);
}
errors++;
}
if(data34 < 1 || isNaN(data34)){
const err70 = {instancePath:instancePath+"/spec/domain/devices/interfaces/" + i0+"/ports/" + i1+"/port",schemaPath:"#/properties/spec/properties/domain/properties/devices/properties/interfaces/items/properties/ports/items/properties/port/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema31.properties.spec.properties.domain.properties.devices.properties.interfaces.items.properties.ports.items.properties.port,data:data34};
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
if(data32.protocol !== undefined){
let data35 = data32.protocol;
if(typeof data35 === "string"){
if(!pattern11.test(data35)){
const err71 = {instancePath:instancePath+"/spec/domain/devices/interfaces/" + i0+"/ports/" + i1+"/protocol",schemaPath:"#/properties/spec/properties/domain/properties/devices/properties/interfaces/items/properties/ports/items/properties/protocol/pattern",keyword:"pattern",params:{pattern: "^([Tt][Cc][Pp]|[Uu][Dd][Pp])$"},message:"must match pattern \""+"^([Tt][Cc][Pp]|[Uu][Dd][Pp])$"+"\"",schema:"^([Tt][Cc][Pp]|[Uu][Dd][Pp])$",parentSchema:schema31.properties.spec.properties.domain.properties.devices.properties.interfaces.items.properties.ports.items.properties.protocol,data:data35};
if(vErrors === null){
vErrors = [err71];
}
else {
vErrors.push(err71);
}
errors++;
}
}
else {
const err72 = {instancePath:instancePath+"/spec/domain/devices/interfaces/" + i0+"/ports/" + i1+"/protocol",schemaPath:"#/properties/spec/properties/domain/properties/devices/properties/interfaces/items/properties/ports/items/properties/protocol/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema31.properties.spec.properties.domain.properties.devices.properties.interfaces.items.properties.ports.items.properties.protocol.type,parentSchema:schema31.properties.spec.properties.domain.properties.devices.properties.interfaces.items.properties.ports.items.properties.protocol,data:data35};
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
const err73 = {instancePath:instancePath+"/spec/domain/devices/interfaces/" + i0+"/ports/" + i1,schemaPath:"#/properties/spec/properties/domain/properties/devices/properties/interfaces/items/properties/ports/items/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema31.properties.spec.properties.domain.properties.devices.properties.interfaces.items.properties.ports.items.type,parentSchema:schema31.properties.spec.properties.domain.properties.devices.properties.interfaces.items.properties.ports.items,data:data32};
if(vErrors === null){
vErrors = [err73];
}
else {
vErrors.push(err73);
}
errors++;
}
}
}
else {
const err74 = {instancePath:instancePath+"/spec/domain/devices/interfaces/" + i0+"/ports",schemaPath:"#/properties/spec/properties/domain/properties/devices/properties/interfaces/items/properties/ports/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema31.properties.spec.properties.domain.properties.devices.properties.interfaces.items.properties.ports.type,parentSchema:schema31.properties.spec.properties.domain.properties.devices.properties.interfaces.items.properties.ports,data:data31};
if(vErrors === null){
vErrors = [err74];
}
else {
vErrors.push(err74);
}
errors++;
}
}
if(data16.dhcpOptions !== undefined){
let data36 = data16.dhcpOptions;
if(data36 && typeof data36 == "object" && !Array.isArray(data36)){
for(const key10 in data36){
if(!((((key10 === "bootFileName") || (key10 === "tftpServerName")) || (key10 === "ntpServers")) || (key10 === "privateOptions"))){
const err75 = {instancePath:instancePath+"/spec/domain/devices/interfaces/" + i0+"/dhcpOptions",schemaPath:"#/properties/spec/properties/domain/properties/devices/properties/interfaces/items/properties/dhcpOptions/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key10},message:"must NOT have additional properties",schema:false,parentSchema:schema31.properties.spec.properties.domain.properties.devices.properties.interfaces.items.properties.dhcpOptions,data:data36};
if(vErrors === null){
vErrors = [err75];
}
else {
vErrors.push(err75);
}
errors++;
}
}
if(data36.bootFileName !== undefined){
let data37 = data36.bootFileName;
if(typeof data37 !== "string"){
const err76 = {instancePath:instancePath+"/spec/domain/devices/interfaces/" + i0+"/dhcpOptions/bootFileName",schemaPath:"#/properties/spec/properties/domain/properties/devices/properties/interfaces/items/properties/dhcpOptions/properties/bootFileName/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema31.properties.spec.properties.domain.properties.devices.properties.interfaces.items.properties.dhcpOptions.properties.bootFileName.type,parentSchema:schema31.properties.spec.properties.domain.properties.devices.properties.interfaces.items.properties.dhcpOptions.properties.bootFileName,data:data37};
if(vErrors === null){
vErrors = [err76];
}
else {
vErrors.push(err76);
}
errors++;
}
}
if(data36.tftpServerName !== undefined){
let data38 = data36.tftpServerName;
if(typeof data38 !== "string"){
const err77 = {instancePath:instancePath+"/spec/domain/devices/interfaces/" + i0+"/dhcpOptions/tftpServerName",schemaPath:"#/properties/spec/properties/domain/properties/devices/properties/interfaces/items/properties/dhcpOptions/properties/tftpServerName/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema31.properties.spec.properties.domain.properties.devices.properties.interfaces.items.properties.dhcpOptions.properties.tftpServerName.type,parentSchema:schema31.properties.spec.properties.domain.properties.devices.properties.interfaces.items.properties.dhcpOptions.properties.tftpServerName,data:data38};
if(vErrors === null){
vErrors = [err77];
}
else {
vErrors.push(err77);
}
errors++;
}
}
if(data36.ntpServers !== undefined){
let data39 = data36.ntpServers;
if(Array.isArray(data39)){
const len2 = data39.length;
for(let i2=0; i2<len2; i2++){
let data40 = data39[i2];
if(typeof data40 !== "string"){
const err78 = {instancePath:instancePath+"/spec/domain/devices/interfaces/" + i0+"/dhcpOptions/ntpServers/" + i2,schemaPath:"#/properties/spec/properties/domain/properties/devices/properties/interfaces/items/properties/dhcpOptions/properties/ntpServers/items/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema31.properties.spec.properties.domain.properties.devices.properties.interfaces.items.properties.dhcpOptions.properties.ntpServers.items.type,parentSchema:schema31.properties.spec.properties.domain.properties.devices.properties.interfaces.items.properties.dhcpOptions.properties.ntpServers.items,data:data40};
if(vErrors === null){
vErrors = [err78];
}
else {
vErrors.push(err78);
}
errors++;
}
}
}
else {
const err79 = {instancePath:instancePath+"/spec/domain/devices/interfaces/" + i0+"/dhcpOptions/ntpServers",schemaPath:"#/properties/spec/properties/domain/properties/devices/properties/interfaces/items/properties/dhcpOptions/properties/ntpServers/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema31.properties.spec.properties.domain.properties.devices.properties.interfaces.items.properties.dhcpOptions.properties.ntpServers.type,parentSchema:schema31.properties.spec.properties.domain.properties.devices.properties.interfaces.items.properties.dhcpOptions.properties.ntpServers,data:data39};
if(vErrors === null){
vErrors = [err79];
}
else {
vErrors.push(err79);
}
errors++;
}
}
if(data36.privateOptions !== undefined){
let data41 = data36.privateOptions;
if(Array.isArray(data41)){
const len3 = data41.length;
for(let i3=0; i3<len3; i3++){
let data42 = data41[i3];
if(data42 && typeof data42 == "object" && !Array.isArray(data42)){
if(data42.option === undefined){
const err80 = {instancePath:instancePath+"/spec/domain/devices/interfaces/" + i0+"/dhcpOptions/privateOptions/" + i3,schemaPath:"#/properties/spec/properties/domain/properties/devices/properties/interfaces/items/properties/dhcpOptions/properties/privateOptions/items/required",keyword:"required",params:{missingProperty: "option"},message:"must have required property '"+"option"+"'",schema:schema31.properties.spec.properties.domain.properties.devices.properties.interfaces.items.properties.dhcpOptions.properties.privateOptions.items.required,parentSchema:schema31.properties.spec.properties.domain.properties.devices.properties.interfaces.items.properties.dhcpOptions.properties.privateOptions.items,data:data42};
if(vErrors === null){
vErrors = [err80];
}
else {
vErrors.push(err80);
}
errors++;
}
if(data42.value === undefined){
const err81 = {instancePath:instancePath+"/spec/domain/devices/interfaces/" + i0+"/dhcpOptions/privateOptions/" + i3,schemaPath:"#/properties/spec/properties/domain/properties/devices/properties/interfaces/items/properties/dhcpOptions/properties/privateOptions/items/required",keyword:"required",params:{missingProperty: "value"},message:"must have required property '"+"value"+"'",schema:schema31.properties.spec.properties.domain.properties.devices.properties.interfaces.items.properties.dhcpOptions.properties.privateOptions.items.required,parentSchema:schema31.properties.spec.properties.domain.properties.devices.properties.interfaces.items.properties.dhcpOptions.properties.privateOptions.items,data:data42};
if(vErrors === null){
vErrors = [err81];
}
else {
vErrors.push(err81);
}
errors++;
}
for(const key11 in data42){
if(!((key11 === "option") || (key11 === "value"))){
const err82 = {instancePath:instancePath+"/spec/domain/devices/interfaces/" + i0+"/dhcpOptions/privateOptions/" + i3,schemaPath:"#/properties/spec/properties/domain/properties/devices/properties/interfaces/items/properties/dhcpOptions/properties/privateOptions/items/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key11},message:"must NOT have additional properties",schema:false,parentSchema:schema31.properties.spec.properties.domain.properties.devices.properties.interfaces.items.properties.dhcpOptions.properties.privateOptions.items,data:data42};
if(vErrors === null){
vErrors = [err82];
}
else {
vErrors.push(err82);
}
errors++;
}
}
if(data42.option !== undefined){
let data43 = data42.option;
if(!(((typeof data43 == "number") && (!(data43 % 1) && !isNaN(data43))) && (isFinite(data43)))){
const err83 = {instancePath:instancePath+"/spec/domain/devices/interfaces/" + i0+"/dhcpOptions/privateOptions/" + i3+"/option",schemaPath:"#/properties/spec/properties/domain/properties/devices/properties/interfaces/items/properties/dhcpOptions/properties/privateOptions/items/properties/option/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema31.properties.spec.properties.domain.properties.devices.properties.interfaces.items.properties.dhcpOptions.properties.privateOptions.items.properties.option.type,parentSchema:schema31.properties.spec.properties.domain.properties.devices.properties.interfaces.items.properties.dhcpOptions.properties.privateOptions.items.properties.option,data:data43};
if(vErrors === null){
vErrors = [err83];
}
else {
vErrors.push(err83);
}
errors++;
}
if((typeof data43 == "number") && (isFinite(data43))){
if(data43 > 254 || isNaN(data43)){
const err84 = {instancePath:instancePath+"/spec/domain/devices/interfaces/" + i0+"/dhcpOptions/privateOptions/" + i3+"/option",schemaPath:"#/properties/spec/properties/domain/properties/devices/properties/interfaces/items/properties/dhcpOptions/properties/privateOptions/items/properties/option/maximum",keyword:"maximum",params:{comparison: "<=", limit: 254},message:"must be <= 254",schema:254,parentSchema:schema31.properties.spec.properties.domain.properties.devices.properties.interfaces.items.properties.dhcpOptions.properties.privateOptions.items.properties.option,data:data43};
if(vErrors === null){
vErrors = [err84];
}
else {
vErrors.push(err84);
}
errors++;
}
if(data43 < 224 || isNaN(data43)){
const err85 = {instancePath:instancePath+"/spec/domain/devices/interfaces/" + i0+"/dhcpOptions/privateOptions/" + i3+"/option",schemaPath:"#/properties/spec/properties/domain/properties/devices/properties/interfaces/items/properties/dhcpOptions/properties/privateOptions/items/properties/option/minimum",keyword:"minimum",params:{comparison: ">=", limit: 224},message:"must be >= 224",schema:224,parentSchema:schema31.properties.spec.properties.domain.properties.devices.properties.interfaces.items.properties.dhcpOptions.properties.privateOptions.items.properties.option,data:data43};
if(vErrors === null){
vErrors = [err85];
}
else {
vErrors.push(err85);
}
errors++;
}
}
}
if(data42.value !== undefined){
let data44 = data42.value;
if(typeof data44 !== "string"){
const err86 = {instancePath:instancePath+"/spec/domain/devices/interfaces/" + i0+"/dhcpOptions/privateOptions/" + i3+"/value",schemaPath:"#/properties/spec/properties/domain/properties/devices/properties/interfaces/items/properties/dhcpOptions/properties/privateOptions/items/properties/value/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema31.properties.spec.properties.domain.properties.devices.properties.interfaces.items.properties.dhcpOptions.properties.privateOptions.items.properties.value.type,parentSchema:schema31.properties.spec.properties.domain.properties.devices.properties.interfaces.items.properties.dhcpOptions.properties.privateOptions.items.properties.value,data:data44};
if(vErrors === null){
vErrors = [err86];
}
else {
vErrors.push(err86);
}
errors++;
}
}
}
else {
const err87 = {instancePath:instancePath+"/spec/domain/devices/interfaces/" + i0+"/dhcpOptions/privateOptions/" + i3,schemaPath:"#/properties/spec/properties/domain/properties/devices/properties/interfaces/items/properties/dhcpOptions/properties/privateOptions/items/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema31.properties.spec.properties.domain.properties.devices.properties.interfaces.items.properties.dhcpOptions.properties.privateOptions.items.type,parentSchema:schema31.properties.spec.properties.domain.properties.devices.properties.interfaces.items.properties.dhcpOptions.properties.privateOptions.items,data:data42};
if(vErrors === null){
vErrors = [err87];
}
else {
vErrors.push(err87);
}
errors++;
}
}
}
else {
const err88 = {instancePath:instancePath+"/spec/domain/devices/interfaces/" + i0+"/dhcpOptions/privateOptions",schemaPath:"#/properties/spec/properties/domain/properties/devices/properties/interfaces/items/properties/dhcpOptions/properties/privateOptions/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema31.properties.spec.properties.domain.properties.devices.properties.interfaces.items.properties.dhcpOptions.properties.privateOptions.type,parentSchema:schema31.properties.spec.properties.domain.properties.devices.properties.interfaces.items.properties.dhcpOptions.properties.privateOptions,data:data41};
if(vErrors === null){
vErrors = [err88];
}
else {
vErrors.push(err88);
}
errors++;
}
}
}
else {
const err89 = {instancePath:instancePath+"/spec/domain/devices/interfaces/" + i0+"/dhcpOptions",schemaPath:"#/properties/spec/properties/domain/properties/devices/properties/interfaces/items/properties/dhcpOptions/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema31.properties.spec.properties.domain.properties.devices.properties.interfaces.items.properties.dhcpOptions.type,parentSchema:schema31.properties.spec.properties.domain.properties.devices.properties.interfaces.items.properties.dhcpOptions,data:data36};
if(vErrors === null){
vErrors = [err89];
}
else {
vErrors.push(err89);
}
errors++;
}
}
if(data16.tag !== undefined){
let data45 = data16.tag;
if(typeof data45 !== "string"){
const err90 = {instancePath:instancePath+"/spec/domain/devices/interfaces/" + i0+"/tag",schemaPath:"#/properties/spec/properties/domain/properties/devices/properties/interfaces/items/properties/tag/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema31.properties.spec.properties.domain.properties.devices.properties.interfaces.items.properties.tag.type,parentSchema:schema31.properties.spec.properties.domain.properties.devices.properties.interfaces.items.properties.tag,data:data45};
if(vErrors === null){
vErrors = [err90];
}
else {
vErrors.push(err90);
}
errors++;
}
}
if(data16.state !== undefined){
let data46 = data16.state;
if(!(((data46 === "up") || (data46 === "down")) || (data46 === "absent"))){
const err91 = {instancePath:instancePath+"/spec/domain/devices/interfaces/" + i0+"/state",schemaPath:"#/properties/spec/properties/domain/properties/devices/properties/interfaces/items/properties/state/enum",keyword:"enum",params:{allowedValues: schema31.properties.spec.properties.domain.properties.devices.properties.interfaces.items.properties.state.enum},message:"must be equal to one of the allowed values",schema:schema31.properties.spec.properties.domain.properties.devices.properties.interfaces.items.properties.state.enum,parentSchema:schema31.properties.spec.properties.domain.properties.devices.properties.interfaces.items.properties.state,data:data46};
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
const err92 = {instancePath:instancePath+"/spec/domain/devices/interfaces/" + i0,schemaPath:"#/properties/spec/properties/domain/properties/devices/properties/interfaces/items/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema31.properties.spec.properties.domain.properties.devices.properties.interfaces.items.type,parentSchema:schema31.properties.spec.properties.domain.properties.devices.properties.interfaces.items,data:data16};
if(vErrors === null){
vErrors = [err92];
}
else {
vErrors.push(err92);
}
errors++;
}
}
}
else {
const err93 = {instancePath:instancePath+"/spec/domain/devices/interfaces",schemaPath:"#/properties/spec/properties/domain/properties/devices/properties/interfaces/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema31.properties.spec.properties.domain.properties.devices.properties.interfaces.type,parentSchema:schema31.properties.spec.properties.domain.properties.devices.properties.interfaces,data:data15};
if(vErrors === null){
vErrors = [err93];
}
else {
vErrors.push(err93);
}
errors++;
}
}
if(data14.networkInterfaceMultiqueue !== undefined){
let data47 = data14.networkInterfaceMultiqueue;
if(typeof data47 !== "boolean"){
const err94 = {instancePath:instancePath+"/spec/domain/devices/networkInterfaceMultiqueue",schemaPath:"#/properties/spec/properties/domain/properties/devices/properties/networkInterfaceMultiqueue/type",keyword:"type",params:{type: "boolean"},message:"must be boolean",schema:schema31.properties.spec.properties.domain.properties.devices.properties.networkInterfaceMultiqueue.type,parentSchema:schema31.properties.spec.properties.domain.properties.devices.properties.networkInterfaceMultiqueue,data:data47};
if(vErrors === null){
vErrors = [err94];
}
else {
vErrors.push(err94);
}
errors++;
}
}
}
else {
const err95 = {instancePath:instancePath+"/spec/domain/devices",schemaPath:"#/properties/spec/properties/domain/properties/devices/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema31.properties.spec.properties.domain.properties.devices.type,parentSchema:schema31.properties.spec.properties.domain.properties.devices,data:data14};
if(vErrors === null){
vErrors = [err95];
}
else {
vErrors.push(err95);
}
errors++;
}
}
}
else {
const err96 = {instancePath:instancePath+"/spec/domain",schemaPath:"#/properties/spec/properties/domain/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema31.properties.spec.properties.domain.type,parentSchema:schema31.properties.spec.properties.domain,data:data9};
if(vErrors === null){
vErrors = [err96];
}
else {
vErrors.push(err96);
}
errors++;
}
}
if(data8.networks !== undefined){
let data48 = data8.networks;
if(Array.isArray(data48)){
const len4 = data48.length;
for(let i4=0; i4<len4; i4++){
let data49 = data48[i4];
if(data49 && typeof data49 == "object" && !Array.isArray(data49)){
if(data49.name === undefined){
const err97 = {instancePath:instancePath+"/spec/networks/" + i4,schemaPath:"#/properties/spec/properties/networks/items/required",keyword:"required",params:{missingProperty: "name"},message:"must have required property '"+"name"+"'",schema:schema31.properties.spec.properties.networks.items.required,parentSchema:schema31.properties.spec.properties.networks.items,data:data49};
if(vErrors === null){
vErrors = [err97];
}
else {
vErrors.push(err97);
}
errors++;
}
for(const key12 in data49){
if(!(((key12 === "name") || (key12 === "pod")) || (key12 === "multus"))){
const err98 = {instancePath:instancePath+"/spec/networks/" + i4,schemaPath:"#/properties/spec/properties/networks/items/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key12},message:"must NOT have additional properties",schema:false,parentSchema:schema31.properties.spec.properties.networks.items,data:data49};
if(vErrors === null){
vErrors = [err98];
}
else {
vErrors.push(err98);
}
errors++;
}
}
if(data49.name !== undefined){
let data50 = data49.name;
if(typeof data50 === "string"){
if(func1(data50) > 63){
const err99 = {instancePath:instancePath+"/spec/networks/" + i4+"/name",schemaPath:"#/properties/spec/properties/networks/items/properties/name/maxLength",keyword:"maxLength",params:{limit: 63},message:"must NOT have more than 63 characters",schema:63,parentSchema:schema31.properties.spec.properties.networks.items.properties.name,data:data50};
if(vErrors === null){
vErrors = [err99];
}
else {
vErrors.push(err99);
}
errors++;
}
if(func1(data50) < 1){
const err100 = {instancePath:instancePath+"/spec/networks/" + i4+"/name",schemaPath:"#/properties/spec/properties/networks/items/properties/name/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema31.properties.spec.properties.networks.items.properties.name,data:data50};
if(vErrors === null){
vErrors = [err100];
}
else {
vErrors.push(err100);
}
errors++;
}
if(!pattern7.test(data50)){
const err101 = {instancePath:instancePath+"/spec/networks/" + i4+"/name",schemaPath:"#/properties/spec/properties/networks/items/properties/name/pattern",keyword:"pattern",params:{pattern: "^[A-Za-z0-9_-]+$"},message:"must match pattern \""+"^[A-Za-z0-9_-]+$"+"\"",schema:"^[A-Za-z0-9_-]+$",parentSchema:schema31.properties.spec.properties.networks.items.properties.name,data:data50};
if(vErrors === null){
vErrors = [err101];
}
else {
vErrors.push(err101);
}
errors++;
}
}
else {
const err102 = {instancePath:instancePath+"/spec/networks/" + i4+"/name",schemaPath:"#/properties/spec/properties/networks/items/properties/name/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema31.properties.spec.properties.networks.items.properties.name.type,parentSchema:schema31.properties.spec.properties.networks.items.properties.name,data:data50};
if(vErrors === null){
vErrors = [err102];
}
else {
vErrors.push(err102);
}
errors++;
}
}
if(data49.pod !== undefined){
let data51 = data49.pod;
if(data51 && typeof data51 == "object" && !Array.isArray(data51)){
for(const key13 in data51){
if(!((key13 === "vmNetworkCIDR") || (key13 === "vmIPv6NetworkCIDR"))){
const err103 = {instancePath:instancePath+"/spec/networks/" + i4+"/pod",schemaPath:"#/properties/spec/properties/networks/items/properties/pod/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key13},message:"must NOT have additional properties",schema:false,parentSchema:schema31.properties.spec.properties.networks.items.properties.pod,data:data51};
if(vErrors === null){
vErrors = [err103];
}
else {
vErrors.push(err103);
}
errors++;
}
}
if(data51.vmNetworkCIDR !== undefined){
let data52 = data51.vmNetworkCIDR;
if(typeof data52 !== "string"){
const err104 = {instancePath:instancePath+"/spec/networks/" + i4+"/pod/vmNetworkCIDR",schemaPath:"#/properties/spec/properties/networks/items/properties/pod/properties/vmNetworkCIDR/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema31.properties.spec.properties.networks.items.properties.pod.properties.vmNetworkCIDR.type,parentSchema:schema31.properties.spec.properties.networks.items.properties.pod.properties.vmNetworkCIDR,data:data52};
if(vErrors === null){
vErrors = [err104];
}
else {
vErrors.push(err104);
}
errors++;
}
}
if(data51.vmIPv6NetworkCIDR !== undefined){
let data53 = data51.vmIPv6NetworkCIDR;
if(typeof data53 !== "string"){
const err105 = {instancePath:instancePath+"/spec/networks/" + i4+"/pod/vmIPv6NetworkCIDR",schemaPath:"#/properties/spec/properties/networks/items/properties/pod/properties/vmIPv6NetworkCIDR/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema31.properties.spec.properties.networks.items.properties.pod.properties.vmIPv6NetworkCIDR.type,parentSchema:schema31.properties.spec.properties.networks.items.properties.pod.properties.vmIPv6NetworkCIDR,data:data53};
if(vErrors === null){
vErrors = [err105];
}
else {
vErrors.push(err105);
}
errors++;
}
}
}
else {
const err106 = {instancePath:instancePath+"/spec/networks/" + i4+"/pod",schemaPath:"#/properties/spec/properties/networks/items/properties/pod/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema31.properties.spec.properties.networks.items.properties.pod.type,parentSchema:schema31.properties.spec.properties.networks.items.properties.pod,data:data51};
if(vErrors === null){
vErrors = [err106];
}
else {
vErrors.push(err106);
}
errors++;
}
}
if(data49.multus !== undefined){
let data54 = data49.multus;
if(data54 && typeof data54 == "object" && !Array.isArray(data54)){
if(data54.networkName === undefined){
const err107 = {instancePath:instancePath+"/spec/networks/" + i4+"/multus",schemaPath:"#/properties/spec/properties/networks/items/properties/multus/required",keyword:"required",params:{missingProperty: "networkName"},message:"must have required property '"+"networkName"+"'",schema:schema31.properties.spec.properties.networks.items.properties.multus.required,parentSchema:schema31.properties.spec.properties.networks.items.properties.multus,data:data54};
if(vErrors === null){
vErrors = [err107];
}
else {
vErrors.push(err107);
}
errors++;
}
for(const key14 in data54){
if(!((key14 === "networkName") || (key14 === "default"))){
const err108 = {instancePath:instancePath+"/spec/networks/" + i4+"/multus",schemaPath:"#/properties/spec/properties/networks/items/properties/multus/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key14},message:"must NOT have additional properties",schema:false,parentSchema:schema31.properties.spec.properties.networks.items.properties.multus,data:data54};
if(vErrors === null){
vErrors = [err108];
}
else {
vErrors.push(err108);
}
errors++;
}
}
if(data54.networkName !== undefined){
let data55 = data54.networkName;
if(typeof data55 === "string"){
if(func1(data55) < 1){
const err109 = {instancePath:instancePath+"/spec/networks/" + i4+"/multus/networkName",schemaPath:"#/properties/spec/properties/networks/items/properties/multus/properties/networkName/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema31.properties.spec.properties.networks.items.properties.multus.properties.networkName,data:data55};
if(vErrors === null){
vErrors = [err109];
}
else {
vErrors.push(err109);
}
errors++;
}
}
else {
const err110 = {instancePath:instancePath+"/spec/networks/" + i4+"/multus/networkName",schemaPath:"#/properties/spec/properties/networks/items/properties/multus/properties/networkName/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema31.properties.spec.properties.networks.items.properties.multus.properties.networkName.type,parentSchema:schema31.properties.spec.properties.networks.items.properties.multus.properties.networkName,data:data55};
if(vErrors === null){
vErrors = [err110];
}
else {
vErrors.push(err110);
}
errors++;
}
}
if(data54.default !== undefined){
let data56 = data54.default;
if(typeof data56 !== "boolean"){
const err111 = {instancePath:instancePath+"/spec/networks/" + i4+"/multus/default",schemaPath:"#/properties/spec/properties/networks/items/properties/multus/properties/default/type",keyword:"type",params:{type: "boolean"},message:"must be boolean",schema:schema31.properties.spec.properties.networks.items.properties.multus.properties.default.type,parentSchema:schema31.properties.spec.properties.networks.items.properties.multus.properties.default,data:data56};
if(vErrors === null){
vErrors = [err111];
}
else {
vErrors.push(err111);
}
errors++;
}
}
}
else {
const err112 = {instancePath:instancePath+"/spec/networks/" + i4+"/multus",schemaPath:"#/properties/spec/properties/networks/items/properties/multus/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema31.properties.spec.properties.networks.items.properties.multus.type,parentSchema:schema31.properties.spec.properties.networks.items.properties.multus,data:data54};
if(vErrors === null){
vErrors = [err112];
}
else {
vErrors.push(err112);
}
errors++;
}
}
}
else {
const err113 = {instancePath:instancePath+"/spec/networks/" + i4,schemaPath:"#/properties/spec/properties/networks/items/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema31.properties.spec.properties.networks.items.type,parentSchema:schema31.properties.spec.properties.networks.items,data:data49};
if(vErrors === null){
vErrors = [err113];
}
else {
vErrors.push(err113);
}
errors++;
}
}
}
else {
const err114 = {instancePath:instancePath+"/spec/networks",schemaPath:"#/properties/spec/properties/networks/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema31.properties.spec.properties.networks.type,parentSchema:schema31.properties.spec.properties.networks,data:data48};
if(vErrors === null){
vErrors = [err114];
}
else {
vErrors.push(err114);
}
errors++;
}
}
if(data8.subdomain !== undefined){
let data57 = data8.subdomain;
if(typeof data57 === "string"){
if(func1(data57) > 63){
const err115 = {instancePath:instancePath+"/spec/subdomain",schemaPath:"#/properties/spec/properties/subdomain/maxLength",keyword:"maxLength",params:{limit: 63},message:"must NOT have more than 63 characters",schema:63,parentSchema:schema31.properties.spec.properties.subdomain,data:data57};
if(vErrors === null){
vErrors = [err115];
}
else {
vErrors.push(err115);
}
errors++;
}
if(!pattern5.test(data57)){
const err116 = {instancePath:instancePath+"/spec/subdomain",schemaPath:"#/properties/spec/properties/subdomain/pattern",keyword:"pattern",params:{pattern: "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$"},message:"must match pattern \""+"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$"+"\"",schema:"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$",parentSchema:schema31.properties.spec.properties.subdomain,data:data57};
if(vErrors === null){
vErrors = [err116];
}
else {
vErrors.push(err116);
}
errors++;
}
}
else {
const err117 = {instancePath:instancePath+"/spec/subdomain",schemaPath:"#/properties/spec/properties/subdomain/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema31.properties.spec.properties.subdomain.type,parentSchema:schema31.properties.spec.properties.subdomain,data:data57};
if(vErrors === null){
vErrors = [err117];
}
else {
vErrors.push(err117);
}
errors++;
}
}
if(data8.hostname !== undefined){
let data58 = data8.hostname;
if(typeof data58 === "string"){
if(func1(data58) > 63){
const err118 = {instancePath:instancePath+"/spec/hostname",schemaPath:"#/properties/spec/properties/hostname/maxLength",keyword:"maxLength",params:{limit: 63},message:"must NOT have more than 63 characters",schema:63,parentSchema:schema31.properties.spec.properties.hostname,data:data58};
if(vErrors === null){
vErrors = [err118];
}
else {
vErrors.push(err118);
}
errors++;
}
if(!pattern5.test(data58)){
const err119 = {instancePath:instancePath+"/spec/hostname",schemaPath:"#/properties/spec/properties/hostname/pattern",keyword:"pattern",params:{pattern: "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$"},message:"must match pattern \""+"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$"+"\"",schema:"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$",parentSchema:schema31.properties.spec.properties.hostname,data:data58};
if(vErrors === null){
vErrors = [err119];
}
else {
vErrors.push(err119);
}
errors++;
}
}
else {
const err120 = {instancePath:instancePath+"/spec/hostname",schemaPath:"#/properties/spec/properties/hostname/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema31.properties.spec.properties.hostname.type,parentSchema:schema31.properties.spec.properties.hostname,data:data58};
if(vErrors === null){
vErrors = [err120];
}
else {
vErrors.push(err120);
}
errors++;
}
}
}
else {
const err121 = {instancePath:instancePath+"/spec",schemaPath:"#/properties/spec/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema31.properties.spec.type,parentSchema:schema31.properties.spec,data:data8};
if(vErrors === null){
vErrors = [err121];
}
else {
vErrors.push(err121);
}
errors++;
}
}
if(data.status !== undefined){
let data59 = data.status;
if(data59 && typeof data59 == "object" && !Array.isArray(data59)){
if(data59.runtimeUser !== undefined){
let data60 = data59.runtimeUser;
if(!(((typeof data60 == "number") && (!(data60 % 1) && !isNaN(data60))) && (isFinite(data60)))){
const err122 = {instancePath:instancePath+"/status/runtimeUser",schemaPath:"#/properties/status/properties/runtimeUser/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema31.properties.status.properties.runtimeUser.type,parentSchema:schema31.properties.status.properties.runtimeUser,data:data60};
if(vErrors === null){
vErrors = [err122];
}
else {
vErrors.push(err122);
}
errors++;
}
if((typeof data60 == "number") && (isFinite(data60))){
if(data60 < 0 || isNaN(data60)){
const err123 = {instancePath:instancePath+"/status/runtimeUser",schemaPath:"#/properties/status/properties/runtimeUser/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema31.properties.status.properties.runtimeUser,data:data60};
if(vErrors === null){
vErrors = [err123];
}
else {
vErrors.push(err123);
}
errors++;
}
}
}
if(data59.migrationTransport !== undefined){
let data61 = data59.migrationTransport;
if(typeof data61 !== "string"){
const err124 = {instancePath:instancePath+"/status/migrationTransport",schemaPath:"#/properties/status/properties/migrationTransport/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema31.properties.status.properties.migrationTransport.type,parentSchema:schema31.properties.status.properties.migrationTransport,data:data61};
if(vErrors === null){
vErrors = [err124];
}
else {
vErrors.push(err124);
}
errors++;
}
}
if(data59.interfaces !== undefined){
let data62 = data59.interfaces;
if(Array.isArray(data62)){
const len5 = data62.length;
for(let i5=0; i5<len5; i5++){
let data63 = data62[i5];
if(data63 && typeof data63 == "object" && !Array.isArray(data63)){
if(data63.name !== undefined){
let data64 = data63.name;
if(typeof data64 !== "string"){
const err125 = {instancePath:instancePath+"/status/interfaces/" + i5+"/name",schemaPath:"#/properties/status/properties/interfaces/items/properties/name/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema31.properties.status.properties.interfaces.items.properties.name.type,parentSchema:schema31.properties.status.properties.interfaces.items.properties.name,data:data64};
if(vErrors === null){
vErrors = [err125];
}
else {
vErrors.push(err125);
}
errors++;
}
}
if(data63.mac !== undefined){
let data65 = data63.mac;
if(typeof data65 !== "string"){
const err126 = {instancePath:instancePath+"/status/interfaces/" + i5+"/mac",schemaPath:"#/properties/status/properties/interfaces/items/properties/mac/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema31.properties.status.properties.interfaces.items.properties.mac.type,parentSchema:schema31.properties.status.properties.interfaces.items.properties.mac,data:data65};
if(vErrors === null){
vErrors = [err126];
}
else {
vErrors.push(err126);
}
errors++;
}
}
if(data63.podInterfaceName !== undefined){
let data66 = data63.podInterfaceName;
if(typeof data66 !== "string"){
const err127 = {instancePath:instancePath+"/status/interfaces/" + i5+"/podInterfaceName",schemaPath:"#/properties/status/properties/interfaces/items/properties/podInterfaceName/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema31.properties.status.properties.interfaces.items.properties.podInterfaceName.type,parentSchema:schema31.properties.status.properties.interfaces.items.properties.podInterfaceName,data:data66};
if(vErrors === null){
vErrors = [err127];
}
else {
vErrors.push(err127);
}
errors++;
}
}
if(data63.queueCount !== undefined){
let data67 = data63.queueCount;
if(!(((typeof data67 == "number") && (!(data67 % 1) && !isNaN(data67))) && (isFinite(data67)))){
const err128 = {instancePath:instancePath+"/status/interfaces/" + i5+"/queueCount",schemaPath:"#/properties/status/properties/interfaces/items/properties/queueCount/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema31.properties.status.properties.interfaces.items.properties.queueCount.type,parentSchema:schema31.properties.status.properties.interfaces.items.properties.queueCount,data:data67};
if(vErrors === null){
vErrors = [err128];
}
else {
vErrors.push(err128);
}
errors++;
}
if((typeof data67 == "number") && (isFinite(data67))){
if(data67 < 0 || isNaN(data67)){
const err129 = {instancePath:instancePath+"/status/interfaces/" + i5+"/queueCount",schemaPath:"#/properties/status/properties/interfaces/items/properties/queueCount/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema31.properties.status.properties.interfaces.items.properties.queueCount,data:data67};
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
}
else {
const err130 = {instancePath:instancePath+"/status/interfaces/" + i5,schemaPath:"#/properties/status/properties/interfaces/items/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema31.properties.status.properties.interfaces.items.type,parentSchema:schema31.properties.status.properties.interfaces.items,data:data63};
if(vErrors === null){
vErrors = [err130];
}
else {
vErrors.push(err130);
}
errors++;
}
}
}
else {
const err131 = {instancePath:instancePath+"/status/interfaces",schemaPath:"#/properties/status/properties/interfaces/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema31.properties.status.properties.interfaces.type,parentSchema:schema31.properties.status.properties.interfaces,data:data62};
if(vErrors === null){
vErrors = [err131];
}
else {
vErrors.push(err131);
}
errors++;
}
}
}
else {
const err132 = {instancePath:instancePath+"/status",schemaPath:"#/properties/status/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema31.properties.status.type,parentSchema:schema31.properties.status,data:data59};
if(vErrors === null){
vErrors = [err132];
}
else {
vErrors.push(err132);
}
errors++;
}
}
}
else {
const err133 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema31.type,parentSchema:schema31,data};
if(vErrors === null){
vErrors = [err133];
}
else {
vErrors.push(err133);
}
errors++;
}
validate20.errors = vErrors;
return errors === 0;
}
validate20.evaluated = {"props":{"apiVersion":true,"kind":true,"metadata":true,"spec":true,"status":true},"dynamicProps":false,"dynamicItems":false};

